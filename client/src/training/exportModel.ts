// DNN: Export Model...: asks for the format and a folder, exports the model with the weights
// of its latest run (or of the run the Runs view names) (or, when it has none, fresh weights if the user says so) in a worker
// thread, never replacing anything without asking, and offers to open the result.
import { join } from 'node:path';
import * as vscode from 'vscode';
import { askModal, showMessage, withNotificationProgress } from '../ui/messages';
import { exportFormats, formatNames, suggestedName } from '../../../src/export/formats';
import { existingTargets } from '../../../src/export/target';
import type { ExportFormat, ExportOptions, ExportOutcome } from '../../../src/export/types';
import { describeError } from '../../../src/engine/errors';
import { listRuns } from './runs';
import { trainingSettings } from './settings';

/** Runs one export (a worker thread in the extension, the engine's own code in tests). */
export type ExportRunner = (options: ExportOptions) => Promise<ExportOutcome>;

export interface ExportTarget {
  document: vscode.TextDocument;
  model: string;
  /** The run whose weights to export (the Runs view names it); the latest run when absent. */
  runDir?: string;
}

const FORMAT_LABELS: Record<ExportFormat, string> = { pytorch: 'PyTorch', onnx: 'ONNX', keras: 'Keras', tfjs: 'TensorFlow.js' };

/** The file to open after an export, for the formats whose result is read as text. */
function fileToOpen(outcome: ExportOutcome): string | undefined {
  if (outcome.format === 'keras') return outcome.out;
  if (outcome.format === 'pytorch') return join(outcome.out, 'model.py');
  if (outcome.format === 'tfjs') return join(outcome.out, 'model.json');
  return undefined;
}

export async function exportModel(target: ExportTarget, runExport: ExportRunner, output: vscode.LogOutputChannel): Promise<void> {
  const { document, model } = target;
  const picked = await vscode.window.showQuickPick(
    formatNames.map((format) => ({ label: FORMAT_LABELS[format], description: format, detail: exportFormats[format].description, format })),
    { title: `Export ${model} as`, placeHolder: 'Format' },
  );
  if (!picked) return;
  const { format } = picked;

  const runDir: string | undefined = target.runDir ?? (await listRuns(trainingSettings(document.uri).runsRoot, model))[0]?.dir;
  if (!runDir) {
    const choice = await askModal('warning', `${model} has no trained run yet. Export it with fresh, untrained weights?`, 'Train it first to export trained weights.', 'Export Untrained');
    if (choice !== 'Export Untrained') return;
  }

  const folders = await vscode.window.showOpenDialog({
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
    defaultUri: vscode.Uri.file(runDir ?? join(document.uri.fsPath, '..')),
    openLabel: 'Export Here',
    title: `Folder for the ${FORMAT_LABELS[format]} export of ${model}`,
  });
  if (!folders || folders.length === 0) return;
  const out = join(folders[0].fsPath, suggestedName(format, model));

  let force = false;
  try {
    const existing = existingTargets(format, out);
    if (existing.length > 0) {
      const replace = await askModal(
        'warning',
        `${existing.join(' and ')} already ${existing.length === 1 ? 'exists' : 'exist'}. Replace ${existing.length === 1 ? 'it' : 'them'}?`,
        'The files the export writes are replaced; nothing else is removed.',
        'Replace',
      );
      if (replace !== 'Replace') return;
      force = true;
    }
  } catch (error) {
    void showMessage('error', `Cannot export to ${out}: ${describeError(error)}`);
    return;
  }

  output.info(`Exporting ${model} as ${format} to ${out} (${runDir ? `run ${runDir}` : 'untrained weights'})`);
  let outcome: ExportOutcome;
  try {
    outcome = await withNotificationProgress(`Exporting ${model} to ${FORMAT_LABELS[format]}`, false, () =>
      runExport({ specFile: document.uri.fsPath, format, runDir, untrained: runDir === undefined, out, force }),
    );
  } catch (error) {
    output.error(`Export of ${model} failed: ${describeError(error)}`);
    void showMessage('error', `Export of ${model} failed: ${describeError(error)}`);
    return;
  }
  output.info(`Exported ${model}: ${outcome.files.join(', ')}`);
  const open = fileToOpen(outcome);
  const actions = [...(open ? ['Open'] : []), 'Reveal'];
  const action = await showMessage('info', `Exported ${model} as ${FORMAT_LABELS[format]} to ${outcome.out}.`, ...actions);
  if (action === 'Open' && open) await vscode.window.showTextDocument(vscode.Uri.file(open));
  else if (action === 'Reveal') await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(outcome.out));
}
