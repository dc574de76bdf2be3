// The training settings (`dnn.backend`, `dnn.runsDirectory`), read per document so a
// workspace folder can override them.
import * as vscode from 'vscode';
import type { BackendName } from '../../../src/protocol/engine';
import { resolveRunsRoot } from './runs';

export interface TrainingSettings {
  backend: BackendName;
  runsRoot: string;
}

export function trainingSettings(document: vscode.Uri): TrainingSettings {
  const config = vscode.workspace.getConfiguration('dnn', document);
  const backend = config.get<string>('backend') === 'cpu' ? 'cpu' : 'wasm';
  return { backend, runsRoot: resolveRunsRoot(document.fsPath, config.get<string>('runsDirectory')) };
}
