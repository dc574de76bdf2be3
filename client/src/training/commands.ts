// The four training commands: Train, Evaluate, Stop Training, Show Model Summary. Each takes an
// optional document URI (a string from the CodeLens, a Uri from menus); without one it works on
// the focused results panel's model or the active .dnn editor.
import { basename, extname } from 'node:path';
import * as vscode from 'vscode';
import { showMessage } from '../ui/messages';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { CommandName } from '../../../src/protocol/commands';
import type { CommandHandler } from '../ctx';
import type { ModelSummary } from '../panel/messages';
import type { ResultsPanels } from '../panel/resultsPanels';
import { readRunLabel } from '../../../src/engine/run-list';
import { beginEvaluation, beginTraining, withRunFromDisk, withRunLabel, withSummary } from '../panel/state';
import { formatPercent } from '../panel/view/format';
import type { RunningJob, StartOutcome, TrainingController } from './controller';
import type { EngineLauncher } from './engineJobs';
import { exportModel, type ExportRunner } from './exportModel';
import { fetchSummary, hasNoErrors } from './modelCheck';
import { showJobProgress } from './progressNotification';
import { listRuns, readRunMetrics, type SavedRun } from './runs';
import { trainingSettings } from './settings';
import { ensureTrusted } from './trust';
import { savedForEngine, targetDocument, uriFromArgument } from './targetDocument';

export interface CommandDeps {
  output: vscode.LogOutputChannel;
  client: () => LanguageClient | undefined;
  panels: ResultsPanels;
  controller: TrainingController;
  launcher: EngineLauncher;
  runExport: ExportRunner;
}

interface RunTarget {
  document: vscode.TextDocument;
  summary: ModelSummary | undefined;
  model: string;
  key: string;
}

export type TrainingCommandName = Extract<CommandName, 'train' | 'evaluate' | 'stopTraining' | 'showSummary' | 'exportModel'>;

/** Second argument of `dnn.evaluate`: the panel's "Evaluate another run…" asks for the run; the Runs view names it. */
export interface EvaluateArgs {
  pickRun?: boolean;
  runDir?: string;
}

/** Second argument of `dnn.exportModel`: the Runs view names the run to export. */
export interface ExportArgs {
  runDir?: string;
}

export class TrainingCommands {
  constructor(private readonly deps: CommandDeps) {}

  /** The four commands by name, for Ctx.registerCommands. */
  handlers(): { readonly [Name in TrainingCommandName]: CommandHandler } {
    return {
      train: (uri) => this.train(uri),
      evaluate: (uri, args) => this.evaluate(uri, args as EvaluateArgs | undefined),
      stopTraining: (uri) => this.stop(uri),
      showSummary: (uri) => this.showSummary(uri),
      exportModel: (uri, args) => this.exportModel(uri, args as ExportArgs | undefined),
    };
  }

  async train(argument: unknown): Promise<void> {
    const { panels, controller, launcher, output } = this.deps;
    const target = await this.modelToRun(argument, 'train');
    if (!target) return;
    const { document, summary, model, key } = target;
    const settings = trainingSettings(document.uri);
    panels.show(document.uri, model);
    if (summary) panels.update(key, (state) => withSummary(state, summary));
    output.info(`Training ${model} from ${document.uri.fsPath} (${settings.engine === 'pytorch' ? 'engine pytorch' : `backend ${settings.backend}`}, runs in ${settings.runsRoot})`);
    const outcome = await controller.start({
      key,
      label: model,
      kind: 'train',
      start: (onEvent) => {
        panels.update(key, beginTraining);
        const engine = settings.engine === 'pytorch' ? { engine: settings.engine, pytorch: settings.pytorch } : {};
        return launcher.train({ specFile: document.uri.fsPath, backend: settings.backend, threads: settings.threads, runsRoot: settings.runsRoot, ...engine }, onEvent);
      },
    });
    this.afterStart(outcome, model);
  }

  async evaluate(argument: unknown, args: EvaluateArgs = {}): Promise<void> {
    const { panels, controller, launcher, output } = this.deps;
    const target = await this.modelToRun(argument, 'evaluate');
    if (!target) return;
    const { document, summary, model, key } = target;
    // A job of this model is asked about (and stopped) before the runs are listed: a training
    // stopped now is a finished run to evaluate.
    if (!(await controller.makeWay({ key, label: model, kind: 'evaluate' }))) return;
    const settings = trainingSettings(document.uri);
    const runs = await listRuns(settings.runsRoot, model);
    if (runs.length === 0) {
      const choice = await showMessage('info', `${model} has no saved run in ${settings.runsRoot} yet: train it first.`, 'Train');
      if (choice === 'Train') await this.train(document.uri);
      return;
    }
    const run = args.runDir !== undefined ? runs.find((r) => r.dir === args.runDir) : args.pickRun ? await pickRun(runs, model) : runs[0];
    if (!run) {
      if (args.runDir !== undefined) void showMessage('warning', `${args.runDir} is not a finished run of ${model}.`);
      return;
    }

    panels.show(document.uri, model);
    if (summary) panels.update(key, (state) => withSummary(state, summary));
    output.info(`Evaluating ${model}: run ${run.dir}`);
    const outcome = await controller.start({
      key,
      label: model,
      kind: 'evaluate',
      start: (onEvent) => {
        panels.update(key, (state) => beginEvaluation(withRunFromDisk(state, run.metrics, run.dir), run.dir));
        return launcher.evaluate({ specFile: document.uri.fsPath, runDir: run.dir, backend: settings.backend, threads: settings.threads }, onEvent);
      },
    });
    this.afterStart(outcome, model);
  }

  async exportModel(argument: unknown, args: ExportArgs = {}): Promise<void> {
    const target = await this.modelToRun(argument, 'export');
    if (target) await exportModel({ ...target, runDir: args.runDir }, this.deps.runExport, this.deps.output);
  }

  async stop(argument: unknown): Promise<void> {
    const { controller, panels } = this.deps;
    const running = controller.runningJobs();
    if (running.length === 0) {
      void showMessage('info', 'No DNN training is running.');
      return;
    }
    const explicit = uriFromArgument(argument)?.toString();
    const preferred = explicit ?? panels.activeDocumentUri() ?? vscode.window.activeTextEditor?.document.uri.toString();
    let job = running.find((j) => j.key === preferred);
    if (!job && explicit === undefined) job = running.length === 1 ? running[0] : await pickJob(running);
    if (!job) {
      if (explicit !== undefined) void showMessage('info', 'That model is not training.');
      return;
    }
    controller.stop(job.key);
    this.deps.output.info(`Stopping ${job.label} after the batch in progress`);
  }

  /** The results panel of a finished run read back from its folder (the Runs view's "Open"). */
  async showRun(specFile: string, runDir: string): Promise<void> {
    const metrics = await readRunMetrics(runDir);
    if (!metrics) {
      void showMessage('warning', `${runDir} has no readable metrics.json: it is not a finished run.`);
      return;
    }
    const uri = vscode.Uri.file(specFile);
    const label = await readRunLabel(runDir);
    this.deps.panels.show(uri, metrics.model);
    this.deps.panels.update(uri.toString(), (state) => withRunLabel(withRunFromDisk(state, metrics, runDir), runDir, label));
  }

  /** A run was labelled (or unlabelled) in the Runs view: its results panel, if it shows that run, says so. */
  showRunLabel(specFile: string, runDir: string, label: string | null): void {
    this.deps.panels.update(vscode.Uri.file(specFile).toString(), (state) => withRunLabel(state, runDir, label));
  }

  async showSummary(argument: unknown): Promise<void> {
    const { panels, output } = this.deps;
    const document = await targetDocument(argument, panels.activeDocumentUri());
    if (!document) return;
    const summary = await fetchSummary(this.deps.client(), document.uri, output);
    const model = summary?.model ?? fileModelName(document.uri);
    panels.show(document.uri, model);
    if (!summary) {
      void showMessage('warning', 'The model summary comes from the DNN language server, which is not answering. Try DNN: Restart Language Server.');
      return;
    }
    panels.update(document.uri.toString(), (state) => withSummary(state, summary));
    logSummary(output, summary);
  }

  /**
   * The saved .dnn document a Train/Evaluate is about, with the language server's view of it;
   * undefined (the user has been told why) when there is none, it is not saved, or it has errors.
   */
  private async modelToRun(argument: unknown, action: 'train' | 'evaluate' | 'export'): Promise<RunTarget | undefined> {
    const { panels, output } = this.deps;
    if (!(await ensureTrusted(PURPOSES[action]))) return undefined;
    const opened = await targetDocument(argument, panels.activeDocumentUri());
    const document = opened && (await savedForEngine(opened, PURPOSES[action], output));
    if (!document) return undefined;
    const summary = await fetchSummary(this.deps.client(), document.uri, output);
    const model = summary?.model ?? fileModelName(document.uri);
    if (!hasNoErrors(action, model, summary, document.uri)) return undefined;
    return { document, summary, model, key: document.uri.toString() };
  }

  /** Progress for a started job; a plain word on why nothing started otherwise. */
  private afterStart(outcome: StartOutcome, model: string): void {
    if (outcome.started) {
      showJobProgress(outcome.job, this.deps.controller, (key) => this.deps.panels.state(key));
    } else if (outcome.reason === 'busy') {
      void showMessage('info', `${model} is already being started.`);
    }
  }
}

const PURPOSES = { train: 'Training', evaluate: 'Evaluation', export: 'Export' } as const;

/** Before the language server has answered, a model is known by its file name. */
function fileModelName(uri: vscode.Uri): string {
  return basename(uri.fsPath, extname(uri.fsPath));
}

async function pickRun(runs: readonly SavedRun[], model: string): Promise<SavedRun | undefined> {
  const items = runs.map((run) => ({
    label: run.metrics.createdAt ? new Date(run.metrics.createdAt).toLocaleString() : basename(run.dir),
    description: [
      run.metrics.test ? `test accuracy ${formatPercent(run.metrics.test.accuracy)}` : 'not tested',
      `${run.metrics.history.length}/${run.metrics.config.epochs} epochs`,
      run.metrics.status,
    ].join(' · '),
    detail: run.dir,
    run,
  }));
  const picked = await vscode.window.showQuickPick(items, { title: `Evaluate a run of ${model}`, placeHolder: 'Newest first', matchOnDetail: true });
  return picked?.run;
}

async function pickJob(jobs: readonly RunningJob[]): Promise<RunningJob | undefined> {
  const picked = await vscode.window.showQuickPick(
    jobs.map((job) => ({ label: job.label, description: job.kind === 'train' ? 'training' : 'evaluating', detail: vscode.Uri.parse(job.key).fsPath, job })),
    { title: 'Stop which job?' },
  );
  return picked?.job;
}

function logSummary(output: vscode.LogOutputChannel, summary: ModelSummary): void {
  output.info(`Summary of ${summary.model ?? 'the model'}:\n${summary.text}`);
}
