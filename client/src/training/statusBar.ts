// One status bar item while jobs run: the job of the active editor's model if it has one,
// else the first. A click shows its results panel (stopping stays a deliberate act: the
// notification's Cancel, the panel's Stop, or DNN: Stop Training).
import * as vscode from 'vscode';
import { commandIds } from '../../../src/protocol/commands';
import type { PanelState } from '../panel/messages';
import type { RunningJob } from './controller';
import { plainText } from '../ui/plainText';
import { statusBarText } from './statusText';

export class TrainingStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('dnn.training', vscode.StatusBarAlignment.Left, 10);

  constructor(private readonly stateOf: (documentUri: string) => PanelState | undefined) {
    this.item.name = 'DNN Training';
  }

  refresh(jobs: readonly RunningJob[]): void {
    if (jobs.length === 0) {
      this.item.hide();
      return;
    }
    const active = vscode.window.activeTextEditor?.document.uri.toString();
    const shown = jobs.find((j) => j.key === active) ?? jobs[0];
    const run = this.stateOf(shown.key)?.run;
    this.item.text = statusBarText(shown.label, shown.kind, run, jobs.length - 1);
    this.item.tooltip = plainText(`${shown.kind === 'train' ? 'Training' : 'Evaluating'} ${shown.label}. Click to show the results panel.`);
    this.item.command = { title: 'Show results', command: commandIds.showSummary, arguments: [shown.key] };
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
