// The training settings (`dnn.backend`, `dnn.threads`, `dnn.runsDirectory`), read per document so a
// workspace folder can override them.
import * as vscode from 'vscode';
import type { BackendName } from '../../../src/protocol/engine';
import { resolveRunsRoot } from './runs';

export interface TrainingSettings {
  backend: BackendName;
  /** undefined: every core (`dnn.threads` = 0). */
  threads?: number;
  runsRoot: string;
}

export function trainingSettings(document: vscode.Uri): TrainingSettings {
  const config = vscode.workspace.getConfiguration('dnn', document);
  const backend = config.get<string>('backend') === 'cpu' ? 'cpu' : 'wasm';
  const threads = config.get<number>('threads') ?? 0;
  return { backend, threads: Number.isInteger(threads) && threads >= 1 ? threads : undefined, runsRoot: resolveRunsRoot(document.fsPath, config.get<string>('runsDirectory')) };
}
