// The "DNN Runs" view: per model of the workspace's .dnn files, every run (runNodes.ts says
// how each row reads). Refreshed by file system watchers on each runs folder and on the .dnn
// files (no polling) and by the training controller's events (the live epoch of a run
// training now).
import { existsSync, watch } from 'node:fs';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { RunListing } from '../../../src/engine/run-list';
import { listSpecRuns } from '../../../src/engine/spec-runs';
import { commandIds, runItemContexts } from '../../../src/protocol/commands';
import type { TrainEvent } from '../../../src/protocol/engine';
import { trainingSettings } from '../training/settings';
import { describeRun } from './runNodes';

export type RunsNode = { kind: 'model'; specFile: string; model: string; runs: RunListing[] } | { kind: 'run'; run: RunListing };

/** Many file events arrive together (a run writes several files): one refresh for them. */
const REFRESH_DELAY_MS = 300;

export class RunsTree implements vscode.TreeDataProvider<RunsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Last finished epoch of the runs training now, by run folder. */
  private readonly liveEpochs = new Map<string, number>();
  private readonly runOfJob = new Map<string, string>();
  private readonly watchers: vscode.Disposable[];
  /** A watcher per runs folder, by folder. */
  private readonly rootWatchers = new Map<string, vscode.Disposable>();
  private pending: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    const specs = vscode.workspace.createFileSystemWatcher('**/*.dnn');
    this.refreshOnEvents(specs);
    this.watchers = [specs];
  }

  private refreshOnEvents(watcher: vscode.FileSystemWatcher): void {
    watcher.onDidCreate(() => this.refreshSoon());
    watcher.onDidDelete(() => this.refreshSoon());
    watcher.onDidChange(() => this.refreshSoon());
  }

  /**
   * Each runs folder gets a watcher of its own: a folder, not a glob over the workspace, as
   * `dnn.runsDirectory` may be outside the workspace. Node's recursive watch (inotify on every
   * sub-folder), not `vscode.workspace.createFileSystemWatcher`: under code-server 4.100.3 the
   * latter reported nothing for run folders written into an existing model folder by
   * another process (a `dnn train` in a terminal), which is what this view must see. A folder
   * that does not exist yet is watched from the first read after it appears: the .dnn
   * watcher sees `.dnn/` being made, and a training started here refreshes the view.
   */
  private watchRunsRoot(runsRoot: string): void {
    if (this.rootWatchers.has(runsRoot) || !existsSync(runsRoot)) return;
    let watcher: ReturnType<typeof watch>;
    try {
      watcher = watch(runsRoot, { recursive: true, persistent: false }, () => this.refreshSoon());
    } catch {
      return; // unreadable or gone: the next refresh tries again
    }
    const forget = (): void => {
      watcher.close();
      this.rootWatchers.delete(runsRoot);
      this.refreshSoon();
    };
    // The folder itself deleted (or no longer watchable): watch it again once it is back.
    watcher.on('error', forget);
    this.rootWatchers.set(runsRoot, { dispose: () => watcher.close() });
  }

  refresh(): void {
    this.changed.fire();
  }

  /** Relayed training events of a job: its run folder is known from `start`, its progress from `epoch`. */
  onJobEvent(jobKey: string, event: TrainEvent): void {
    if (event.type === 'start') {
      this.runOfJob.set(jobKey, event.runDir);
      this.liveEpochs.set(event.runDir, 0);
      this.refresh(); // the new folder, without waiting for the watcher
      return;
    }
    const runDir = this.runOfJob.get(jobKey);
    if (!runDir) return;
    if (event.type === 'epoch') {
      this.liveEpochs.set(runDir, event.epoch);
    } else if (event.type === 'done' || event.type === 'stopped' || event.type === 'error') {
      this.liveEpochs.delete(runDir);
      this.runOfJob.delete(jobKey);
    } else return;
    this.refresh();
  }

  getTreeItem(node: RunsNode): vscode.TreeItem {
    if (node.kind === 'model') {
      const item = new vscode.TreeItem(node.model, vscode.TreeItemCollapsibleState.Expanded);
      item.description = `${basename(node.specFile)} · ${node.runs.length} ${node.runs.length === 1 ? 'run' : 'runs'}`;
      item.tooltip = node.specFile;
      item.iconPath = new vscode.ThemeIcon('symbol-class');
      item.contextValue = runItemContexts.model;
      item.resourceUri = vscode.Uri.file(node.specFile);
      return item;
    }
    const view = describeRun(node.run, this.liveEpochs.get(node.run.runDir));
    const item = new vscode.TreeItem(view.label, vscode.TreeItemCollapsibleState.None);
    item.id = node.run.runDir;
    item.description = view.description;
    item.tooltip = view.tooltip;
    item.iconPath = new vscode.ThemeIcon(view.icon);
    item.contextValue = view.contextValue;
    // A click opens its results; an unfinished run has none yet.
    if (node.run.status !== 'unfinished') item.command = { title: 'Open Run', command: commandIds.openRun, arguments: [node] };
    return item;
  }

  async getChildren(node?: RunsNode): Promise<RunsNode[]> {
    if (node?.kind === 'run') return [];
    if (node?.kind === 'model') return node.runs.map((run) => ({ kind: 'run', run }));
    const files = await vscode.workspace.findFiles('**/*.dnn', '**/{node_modules,.dnn}/**');
    const models: RunsNode[] = [];
    for (const file of files.sort((a, b) => a.fsPath.localeCompare(b.fsPath))) {
      try {
        const { runsRoot } = trainingSettings(file);
        this.watchRunsRoot(runsRoot);
        const { model, runs } = await listSpecRuns(file.fsPath, runsRoot);
        if (model !== undefined) models.push({ kind: 'model', specFile: file.fsPath, model, runs });
      } catch {
        // A .dnn file deleted or unreadable between the search and the read: not a model to list.
      }
    }
    return models;
  }

  private refreshSoon(): void {
    if (this.pending) clearTimeout(this.pending);
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.refresh();
    }, REFRESH_DELAY_MS);
  }

  dispose(): void {
    if (this.pending) clearTimeout(this.pending);
    for (const watcher of [...this.watchers, ...this.rootWatchers.values()]) watcher.dispose();
    this.changed.dispose();
  }
}
