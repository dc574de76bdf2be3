// The export formats of `dnn export` (CLI and VS Code), as facts: what each writes and where
// by default. No exporter is loaded from here, so the VS Code extension host can read it
// without bundling TensorFlow.js or the writers (index.ts holds those).
import { basename, join } from 'node:path';
import type { ExportFormat } from './types';

export interface FormatInfo {
  /** One line for usage texts and the VS Code format picker. */
  description: string;
  /** A single file (`--out` names it) or a folder of files (`--out` names the folder). */
  target: 'file' | 'folder';
  /** The `--out` when none is given, in `base` (see target.ts). */
  defaultOut(base: string, modelName: string): string;
  /** Files written beside a file target (a weights file), which are never overwritten without `--force` either. */
  companions?(out: string): string[];
}

export const exportFormats: Record<ExportFormat, FormatInfo> = {
  pytorch: {
    description: 'a folder with model.py (a torch.nn.Module), its weights and train.py',
    target: 'folder',
    defaultOut: (base) => join(base, 'pytorch'),
  },
  onnx: {
    description: 'one .onnx file (opset 13), for ONNX Runtime and every ONNX tool',
    target: 'file',
    defaultOut: (base, modelName) => join(base, `${modelName}.onnx`),
  },
  keras: {
    description: 'a Python file building the model with the Keras functional API, its weights beside it',
    target: 'file',
    defaultOut: (base, modelName) => join(base, `${pythonModuleName(modelName)}.py`),
    companions: (out) => [kerasWeightsFile(out)],
  },
  tfjs: {
    description: 'a folder with model.json and weights.bin, for tf.loadLayersModel',
    target: 'folder',
    defaultOut: (base) => join(base, 'tfjs'),
  },
};

/** What an export of `modelName` is called in a folder the user picks (VS Code): `MnistCNN.onnx`, `MnistCNN-tfjs/`. */
export function suggestedName(format: ExportFormat, modelName: string): string {
  return exportFormats[format].target === 'file' ? basename(exportFormats[format].defaultOut('', modelName)) : `${modelName}-${format}`;
}

export const formatNames = Object.keys(exportFormats) as ExportFormat[];

export function isExportFormat(name: string): name is ExportFormat {
  return Object.hasOwn(exportFormats, name);
}

/** `MnistCNN` → `mnist_cnn_keras`: an importable Python module name. */
function pythonModuleName(modelName: string): string {
  const snake = modelName
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9_]/g, '_')
    .toLowerCase();
  return `${/^[0-9]/.test(snake) ? `m_${snake}` : snake}_keras`;
}

/** The weights beside a Keras export: `model.py` → `model.weights.npz`. */
export function kerasWeightsFile(out: string): string {
  return `${out.replace(/\.py$/, '')}.weights.npz`;
}
