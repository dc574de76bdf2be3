// The "DNN Runs" view and its commands. wiring.ts calls registerRunsView from activate().
import * as vscode from 'vscode';
import { runsViewId } from '../../../src/protocol/commands';
import { ComparePanels } from '../compare/comparePanel';
import type { TrainingFeatures } from '../training/index';
import { runCommandHandlers } from './runCommands';
import { RunsTree, type RunsNode } from './runsView';

export function registerRunsView(context: vscode.ExtensionContext, training: TrainingFeatures): ReturnType<typeof runCommandHandlers> {
  const tree = new RunsTree();
  const view = vscode.window.createTreeView<RunsNode>(runsViewId, { treeDataProvider: tree, canSelectMany: true, showCollapseAll: true });
  training.onJobEvent((jobKey, event) => tree.onJobEvent(jobKey, event));
  const comparisons = new ComparePanels(context.extensionUri);
  context.subscriptions.push(tree, view, comparisons, comparisons.registerSerializer());
  return runCommandHandlers({ tree, showRun: (specFile, runDir) => training.commands.showRun(specFile, runDir),
    showLabel: (specFile, runDir, label) => training.commands.showRunLabel(specFile, runDir, label),
    compare: (runDirs) => comparisons.open(runDirs) });
}
