// Before training: ask the language server for the model (its name, layers, error count) and
// refuse a model with errors, naming the first ones as the Problems panel shows them. The
// engine refuses such a model too; checking here answers at once instead of after a worker
// has started, and points at the Problems panel.
import * as vscode from 'vscode';
import { showMessage } from '../ui/messages';
import type { LanguageClient } from 'vscode-languageclient/node';
import { modelSummaryMethod, type ModelSummaryParams } from '../../../src/protocol/modelSummary';
import type { ModelSummary } from '../panel/messages';
import { refusalMessage, type ErrorLine } from './refusal';

/** A busy server must not block Train: without an answer in time, the engine's own check decides. */
const SUMMARY_TIMEOUT_MS = 10_000;

export async function fetchSummary(client: LanguageClient | undefined, uri: vscode.Uri, output: vscode.LogOutputChannel): Promise<ModelSummary | undefined> {
  if (!client?.isRunning()) {
    output.warn('The language server is not running; the model is checked by the engine only.');
    return undefined;
  }
  const cancel = new vscode.CancellationTokenSource();
  const timer = setTimeout(() => cancel.cancel(), SUMMARY_TIMEOUT_MS);
  try {
    const params: ModelSummaryParams = { uri: uri.toString() };
    return await client.sendRequest<ModelSummary>(modelSummaryMethod, params, cancel.token);
  } catch (error) {
    output.warn(`${modelSummaryMethod} failed: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  } finally {
    clearTimeout(timer);
    cancel.dispose();
  }
}

/** The document's errors as the Problems panel has them, first line first. */
export function documentErrors(uri: vscode.Uri): ErrorLine[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.severity === vscode.DiagnosticSeverity.Error)
    .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character)
    .map((d) => ({ line: d.range.start.line, code: diagnosticCode(d.code), message: d.message }));
}

function diagnosticCode(code: vscode.Diagnostic['code']): string | undefined {
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

/**
 * True when the model may go to the engine. Otherwise tells the user which errors stop it,
 * with a button to the Problems panel.
 */
export function hasNoErrors(action: string, model: string, summary: ModelSummary | undefined, uri: vscode.Uri): boolean {
  if (!summary || summary.errors === 0) return true;
  void showMessage('error', refusalMessage(action, model, summary.errors, documentErrors(uri)), 'Show Problems').then((choice) => {
    if (choice === 'Show Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
  });
  return false;
}
