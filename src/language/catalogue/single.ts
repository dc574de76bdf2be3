// The one-line wrapper that makes a one-input layer's rules (written over its input's shape)
// an entry of the catalogue, whose rules take the shapes of all inputs.
import type { LayerEntry, SingleInputEntry } from './types';

export function single(entry: SingleInputEntry): LayerEntry {
  const { outputShape, params, formula, resolveConfig, ...rest } = entry;
  const wrapped: LayerEntry = {
    ...rest,
    arity: { min: 1, max: 1 },
    outputShape: (inputs, config) => outputShape(inputs[0] ?? [], config),
    params: (inputs, config) => params(inputs[0] ?? [], config),
  };
  if (formula) wrapped.formula = (inputs, output, config, names) => formula(inputs[0] ?? [], output, config, { index: names.index, output: names.output, input: names.inputs[0] ?? '?' });
  if (resolveConfig) wrapped.resolveConfig = (inputs, output, config) => resolveConfig(inputs[0] ?? [], output, config);
  return wrapped;
}
