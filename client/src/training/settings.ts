// The training settings (`dnn.backend`, `dnn.threads`, `dnn.runsDirectory`, `dnn.engine`,
// `dnn.python`), read per document so a workspace folder can override them.
import * as vscode from 'vscode';
import type { BackendName, EngineName, PytorchOptions } from '../../../src/protocol/engine';
import { resolveRunsRoot } from './runs';

export interface TrainingSettings {
  backend: BackendName;
  /** undefined: every core (`dnn.threads` = 0). */
  threads?: number;
  runsRoot: string;
  engine: EngineName;
  /** The pytorch engine's interpreter, when `dnn.python` names one. */
  pytorch?: PytorchOptions;
}

export function trainingSettings(document: vscode.Uri): TrainingSettings {
  const config = vscode.workspace.getConfiguration('dnn', document);
  const backend = config.get<string>('backend') === 'cpu' ? 'cpu' : 'wasm';
  const threads = config.get<number>('threads') ?? 0;
  const engine = config.get<string>('engine') === 'pytorch' ? 'pytorch' : 'tfjs';
  const python = config.get<string>('python')?.trim();
  return {
    backend,
    threads: Number.isInteger(threads) && threads >= 1 ? threads : undefined,
    runsRoot: resolveRunsRoot(document.fsPath, config.get<string>('runsDirectory')),
    engine,
    ...(engine === 'pytorch' && python ? { pytorch: { python } } : {}),
  };
}
