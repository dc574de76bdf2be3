// The training settings (`dnn.backend`, `dnn.runsDirectory`, `dnn.engine`, `dnn.python`),
// read per document so a workspace folder can override them.
import * as vscode from 'vscode';
import type { BackendName, EngineName, PytorchOptions } from '../../../src/protocol/engine';
import { resolveRunsRoot } from './runs';

export interface TrainingSettings {
  backend: BackendName;
  runsRoot: string;
  engine: EngineName;
  /** The pytorch engine's interpreter, when `dnn.python` names one. */
  pytorch?: PytorchOptions;
}

export function trainingSettings(document: vscode.Uri): TrainingSettings {
  const config = vscode.workspace.getConfiguration('dnn', document);
  const backend = config.get<string>('backend') === 'cpu' ? 'cpu' : 'wasm';
  const engine = config.get<string>('engine') === 'pytorch' ? 'pytorch' : 'tfjs';
  const python = config.get<string>('python')?.trim();
  return {
    backend,
    runsRoot: resolveRunsRoot(document.fsPath, config.get<string>('runsDirectory')),
    engine,
    ...(engine === 'pytorch' && python ? { pytorch: { python } } : {}),
  };
}
