// The actions on a row of the Runs view: open its results, evaluate it, export it, reveal its folder,
// copy its path, set its label (kept in the run folder), delete it (asks first; to the trash
// where there is one). Registered by the Ctx with the other commands.
import * as vscode from 'vscode';
import { askModal, askText, showMessage } from '../ui/messages';
import { readRunLabel, writeRunLabel, type RunListing } from '../../../src/engine/run-list';
import { commandIds, type CommandName } from '../../../src/protocol/commands';
import type { CommandHandler } from '../ctx';
import type { RunsNode, RunsTree } from './runsView';

export type RunCommandName = Extract<CommandName, 'refreshRuns' | 'openRun' | 'evaluateRun' | 'exportRun' | 'revealRun' | 'copyRunPath' | 'labelRun' | 'deleteRun' | 'compareRuns'>;

export interface RunCommandDeps {
  tree: RunsTree;
  /** Opens the results panel of a finished run (TrainingCommands.showRun). */
  showRun: (specFile: string, runDir: string) => Promise<void>;
  /** Tells the run's results panel its new label (null: removed). */
  showLabel: (specFile: string, runDir: string, label: string | null) => void;
  /** Opens the comparison panel of these run folders. */
  compare: (runDirs: string[]) => Promise<void>;
}

export function runCommandHandlers({ tree, showRun, showLabel, compare }: RunCommandDeps): { readonly [Name in RunCommandName]: CommandHandler } {
  return {
    refreshRuns: () => tree.refresh(),
    openRun: (node) => withRun(node, (run) => showRun(run.spec, run.runDir)),
    evaluateRun: (node) => withRun(node, (run) => vscode.commands.executeCommand(commandIds.evaluate, vscode.Uri.file(run.spec), { runDir: run.runDir })),
    exportRun: (node) => withRun(node, (run) => vscode.commands.executeCommand(commandIds.exportModel, vscode.Uri.file(run.spec), { runDir: run.runDir })),
    revealRun: (node) => withRun(node, (run) => vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(run.runDir))),
    copyRunPath: (node) => withRun(node, (run) => vscode.env.clipboard.writeText(run.runDir)),
    labelRun: (node) => withRun(node, (run) => setLabel(run, tree, showLabel)),
    deleteRun: (node) => withRun(node, (run) => deleteRun(run, tree)),
    // A tree command gets the clicked row and every selected row.
    compareRuns: (node, selected) => compare(finishedRunDirs(Array.isArray(selected) ? selected : [node])),
  };
}

function finishedRunDirs(nodes: unknown[]): string[] {
  return nodes.flatMap((node) => {
    const run = (node as RunsNode | undefined)?.kind === 'run' ? (node as Extract<RunsNode, { kind: 'run' }>).run : undefined;
    return run && run.status !== 'unfinished' ? [run.runDir] : [];
  });
}

function withRun(node: unknown, action: (run: RunListing) => unknown): unknown {
  const run = (node as RunsNode | undefined)?.kind === 'run' ? (node as Extract<RunsNode, { kind: 'run' }>).run : undefined;
  // From the palette there is no row: these commands act on a row of the Runs view.
  if (!run) return showMessage('info', 'Choose a run in the DNN Runs view.');
  return action(run);
}

async function setLabel(run: RunListing, tree: RunsTree, showLabel: RunCommandDeps['showLabel']): Promise<void> {
  const label = await askText({
    title: 'Label of the run',
    prompt: `A name for the run of ${run.model} in ${run.runDir} (kept in its folder; empty removes it)`,
    value: run.label ?? '',
  });
  if (label === undefined) return;
  try {
    await writeRunLabel(run.runDir, label);
    showLabel(run.spec, run.runDir, await readRunLabel(run.runDir));
  } catch (error) {
    void showMessage('error', `Cannot label the run in ${run.runDir}: ${(error as Error).message}`);
  }
  tree.refresh();
}

async function deleteRun(run: RunListing, tree: RunsTree): Promise<void> {
  const name = run.label ? `"${run.label}" (${run.runDir})` : run.runDir;
  const choice = await askModal('warning', `Delete the run of ${run.model} in ${name}?`, 'Its weights, metrics and label go to the trash where the system has one.', 'Delete');
  if (choice !== 'Delete') return;
  const uri = vscode.Uri.file(run.runDir);
  try {
    await vscode.workspace.fs.delete(uri, { recursive: true, useTrash: true });
  } catch {
    const permanently = await askModal('warning', `There is no trash for ${run.runDir}. Delete it permanently?`, 'This cannot be undone.', 'Delete Permanently');
    if (permanently !== 'Delete Permanently') return;
    await vscode.workspace.fs.delete(uri, { recursive: true, useTrash: false });
  }
  tree.refresh();
}
