// The model summary: the data behind the `dnn/modelSummary` request and the CLI's
// `--json` layers, and a Keras-style text table (`model.summary()`) for people.
import { inputsOf, isChain } from '../graph';
import type { Analysis, Shape } from '../types';
import { formatCount, formatShape } from '../shapes';
import { largest } from '../extremes';

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

const headers = ['Layer (type)', 'Output Shape', 'Param #', 'Connected to'] as const;

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
 *
 * A model that is not a chain gets Keras's "Connected to" column: each layer's inputs as
 * `name[0][0]`, one a line.
 */
export function summaryTable(analysis: Analysis): string {
  const connected = !isChain(analysis.graph);
  const columns = connected ? headers : headers.slice(0, 3);
  const rows = analysis.layers.flatMap((layer, id) => {
    const row = [`${layer.name} (${layer.type})`, formatShape(layer.outputShape), formatCount(layer.params)];
    if (!connected) return [row];
    const inputs = inputsOf(analysis.graph, id, analysis.layers).map((input) => `${input.name}[0][0]`);
    return [[...row, inputs[0] ?? ''], ...inputs.slice(1).map((input) => ['', '', '', input])];
  });
  const widths = columns.map((header, column) => largest(rows.map((row) => (row[column] ?? '').length), header.length));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, column) => (column === 2 ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0))).join('   ').replace(/^/, ' ');
  const width = line(columns).trimEnd().length + 1;
  const nonTrainable = analysis.totalParams - analysis.trainableParams;
  const out = [
    `Model: "${analysis.modelName ?? 'unnamed'}"`,
    '_'.repeat(width),
    line(columns),
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
