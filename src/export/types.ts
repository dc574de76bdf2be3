// The exporters' contract (`dnn export`, and `dnn train --engine pytorch`): what every format
// is given and what it returns. Types only, so formats, the CLI and the extension import it
// without pulling in each other.
import type { ModelSpec } from '../language/types';

export type ExportFormat = 'pytorch' | 'onnx' | 'keras' | 'tfjs';

/** One weight as tfjs holds it: Dense kernels `[in, out]`, convolution kernels HWIO, channels last. */
export interface WeightTensor {
  /** The tfjs weight name without the layer prefix: `kernel`, `bias`, `gamma`, `moving_mean`, ... */
  name: string;
  shape: number[];
  data: Float32Array;
}

/** A model to export: its spec and, per layer name (`SpecLayer.name`), its weights in tfjs order. */
export interface ExportModel {
  spec: ModelSpec;
  weights: ReadonlyMap<string, readonly WeightTensor[]>;
  /** Where the weights came from: a run folder, or `untrained` (fresh Keras-default initialisation). */
  source: { kind: 'run'; runDir: string } | { kind: 'untrained' };
}

/** One export, as `dnn export` and the VS Code command ask for it (run-export.ts runs it). */
export interface ExportOptions {
  specFile: string;
  format: ExportFormat;
  /** The run whose weights to export; the latest run of the model when absent. */
  runDir?: string;
  untrained?: boolean;
  /** The file or folder to write; the format's default (target.ts) when absent. */
  out?: string;
  /** Replace an existing output. */
  force?: boolean;
}

export interface ExportOutcome {
  format: ExportFormat;
  model: string;
  /** The run the weights came from, absent for `untrained`. */
  runDir?: string;
  out: string;
  /** Every file written, absolute paths. */
  files: string[];
}

export interface Exporter {
  format: ExportFormat;
  /** Writes the export at `out` (a folder or a file, as the format says); returns the files written, absolute paths. */
  write(model: ExportModel, out: string): Promise<string[]>;
}
