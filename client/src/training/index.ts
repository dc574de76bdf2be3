// Training in VS Code: the commands, the controller that runs jobs in worker threads, the
// status bar, progress notifications and the results panels. extension.ts calls
// registerTrainingFeatures from activate().
import * as vscode from 'vscode';
import { askModal, showMessage } from '../ui/messages';
import type { LanguageClient } from 'vscode-languageclient/node';
import { commandIds, contextKeys } from '../../../src/protocol/commands';
import type { TrainEvent } from '../../../src/protocol/engine';
import type { PanelCommand } from '../panel/messages';
import { ResultsPanels } from '../panel/resultsPanels';
import { applyJobEvent } from '../panel/state';
import { TrainingCommands } from './commands';
import { TrainingController, type JobIntent, type RunningJob } from './controller';
import { workerLauncher } from './engineJobs';
import { EngineRunner } from '../../../src/engine/runner';
import type { ExportOptions } from '../../../src/export/types';
import { reportEvent, type EventReport } from './eventReport';
import { TrainingStatusBar } from './statusBar';
import { TrustedPredictor } from './trust';

export interface TrainingDeps {
  output: vscode.LogOutputChannel;
  /** The language client, when it runs (it is restarted by DNN: Restart Language Server). */
  client: () => LanguageClient | undefined;
}

export interface TrainingFeatures {
  /** Registered by the Ctx (client/src/ctx.ts). */
  commands: TrainingCommands;
  /** Every job's events, for the Runs view's live epochs. */
  onJobEvent: (listener: (jobKey: string, event: TrainEvent) => void) => void;
}

/** Sets up training: the commands, the controller, status bar and results panels. */
export function registerTrainingFeatures(context: vscode.ExtensionContext, deps: TrainingDeps): TrainingFeatures {
  const { output } = deps;
  const controller = new TrainingController({ confirmReplace });
  const workerFile = context.asAbsolutePath('dist/engine/worker.js');
  const panels = new ResultsPanels(context.extensionUri, (uri, command) => void runPanelCommand(uri, command, output), new TrustedPredictor(workerFile));
  const statusBar = new TrainingStatusBar((key) => panels.state(key));
  const launcher = workerLauncher(workerFile);
  const runExport = (options: ExportOptions) => new EngineRunner(workerFile).export(options, (event) => {
    if (event.type === 'warning') output.warn(event.message);
  });
  const commands = new TrainingCommands({ output, client: deps.client, panels, controller, launcher, runExport });

  let trainingContext: boolean | undefined;
  const refresh = () => {
    statusBar.refresh(controller.runningJobs());
    const training = controller.runningJobs().some((job) => job.kind === 'train');
    if (training !== trainingContext) {
      trainingContext = training;
      // Shows the Stop Training button in the editor title and the command in the palette.
      void vscode.commands.executeCommand('setContext', contextKeys.trainingRunning, training);
    }
  };

  controller.onEvent((job, event) => {
    // Panel first: the status bar and the notification read the state it produces.
    panels.update(job.key, (state) => applyJobEvent(state, job.kind, event), event.type === 'batch' ? 'throttled' : 'now');
    statusBar.refresh(controller.runningJobs());
    present(reportEvent(job.kind, job.label, event), job, output);
  });
  controller.onJobsChanged(refresh);
  refresh();

  context.subscriptions.push(
    panels,
    panels.registerSerializer(),
    statusBar,
    vscode.window.onDidChangeActiveTextEditor(() => statusBar.refresh(controller.runningJobs())),
    // Workers die with the extension host anyway; asking them to stop lets a run save itself first.
    { dispose: () => controller.stopAll() },
  );
  return { commands, onJobEvent: (listener) => void controller.onEvent((job, event) => listener(job.key, event)) };
}

/** The modal question of the one-job-per-model rule. */
async function confirmReplace(running: RunningJob, next: JobIntent): Promise<boolean> {
  const doing = running.kind === 'train' ? 'is training' : 'is being evaluated';
  const want = next.kind === 'train' ? 'train it again' : 'evaluate it';
  const stop = running.kind === 'train' ? 'Stop Training' : 'Stop Evaluation';
  const choice = await askModal('warning', `${running.label} ${doing}. Stop it to ${want}?`, 'One job per model at a time. A stopped training keeps the run so far.', stop);
  return choice === stop;
}

function runPanelCommand(documentUri: string, command: PanelCommand, output: vscode.LogOutputChannel): Thenable<unknown> {
  switch (command) {
    case 'train':
      return vscode.commands.executeCommand(commandIds.train, documentUri);
    case 'evaluate':
      return vscode.commands.executeCommand(commandIds.evaluate, documentUri);
    case 'pickRunAndEvaluate':
      return vscode.commands.executeCommand(commandIds.evaluate, documentUri, { pickRun: true });
    case 'stopTraining':
      return vscode.commands.executeCommand(commandIds.stopTraining, documentUri);
    case 'exportModel':
      return vscode.commands.executeCommand(commandIds.exportModel, documentUri);
    case 'showOutput':
      output.show(true);
      return Promise.resolve();
  }
}

function present(report: EventReport, job: RunningJob, output: vscode.LogOutputChannel): void {
  if (report.log) output[report.log.level](report.log.text);
  const notify = report.notify;
  if (!notify) return;
  void showMessage(notify.severity, notify.text, ...notify.actions).then((action) => {
    if (action === 'Show Output') output.show(true);
    else if (action === 'Show Results') void vscode.commands.executeCommand(commandIds.showSummary, job.key);
    else if (action === 'Open Run Folder' && notify.runDir) void vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(notify.runDir));
  });
}
