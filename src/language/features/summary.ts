// The model summary: the data behind the `dnn/modelSummary` request and the CLI's
// `--json` layers, and a Keras-style text table (`model.summary()`) for people.
import { inputsOf } from '../graph';
import type { Analysis, Shape } from '../types';
import { formatCount, formatShape } from '../shapes';

export interface SummaryLayer {
  type: string;
  name: string;
  /** Names of the layers that feed this one, in order; `[]` for `Input` (`"inputs"` in `dnn check --json`). */
  inputs: string[];
  /** 0-based line of the layer's type name. */
  line: number;
  inputShape: Shape | null;
  outputShape: Shape | null;
  params: number | null;
  trainableParams: number | null;
}

export interface ModelSummary {
  model?: string;
  layers: SummaryLayer[];
  totalParams: number;
  trainableParams: number;
  /** Number of error diagnostics: shapes after the first error may be missing. */
  errors: number;
  /** Keras-style summary table. */
  text: string;
}

/** Every layer in file order, `Input` included; unknown shapes and counts (after an error) are `null`. */
export function summaryLayers(analysis: Analysis): SummaryLayer[] {
  return analysis.layers.map((layer, id) => ({
    type: layer.type,
    name: layer.name,
    inputs: inputsOf(analysis.graph, id, analysis.layers).map((input) => input.name),
    line: layer.line,
    inputShape: layer.inputShape ?? null,
    outputShape: layer.outputShape ?? null,
    params: layer.params ?? null,
    trainableParams: layer.trainableParams ?? null,
  }));
}

export function modelSummary(analysis: Analysis): ModelSummary {
  return {
    model: analysis.modelName,
    layers: summaryLayers(analysis),
    totalParams: analysis.totalParams,
    trainableParams: analysis.trainableParams,
    errors: analysis.diagnostics.filter((d) => d.severity === 'error').length,
    text: summaryTable(analysis),
  };
}

const headers = ['Layer (type)', 'Output Shape', 'Param #'] as const;

/**
 * The table `model.summary()` prints in Keras 2, with our shape notation:
 *
 *     Model: "MnistMLP"
 *     ____________________________________________________
 *      Layer (type)          Output Shape         Param #
 *     ====================================================
 *      dense (Dense)         [null, 64]            50,240
 *     ...
 *     Total params: 55,050
 */
export function summaryTable(analysis: Analysis): string {
  const rows = analysis.layers.map((layer) => [
    `${layer.name} (${layer.type})`,
    formatShape(layer.outputShape),
    formatCount(layer.params),
  ]);
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => row[column].length)));
  const line = (cells: readonly string[]): string =>
    ` ${cells[0].padEnd(widths[0])}   ${cells[1].padEnd(widths[1])}   ${cells[2].padStart(widths[2])}`;
  const width = line(headers).length + 1;
  const nonTrainable = analysis.totalParams - analysis.trainableParams;
  const out = [
    `Model: "${analysis.modelName ?? 'unnamed'}"`,
    '_'.repeat(width),
    line(headers),
    '='.repeat(width),
    ...(rows.length > 0 ? rows.map(line) : [' (no layers)']),
    '='.repeat(width),
    `Total params: ${formatCount(analysis.totalParams)}`,
    `Trainable params: ${formatCount(analysis.trainableParams)}`,
    `Non-trainable params: ${formatCount(nonTrainable)}`,
    '_'.repeat(width),
  ];
  if (analysis.layers.some((layer) => !layer.outputShape)) out.push('(? marks shapes and counts an error leaves unknown)');
  return out.map((text) => text.trimEnd()).join('\n');
}
