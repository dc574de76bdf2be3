// How the layers of a ModelSpec are connected, for the parts of the engine that treat a chain
// (the only kind of model before graphs) differently: its run hash and the Dense fast path.
import type { ModelSpec } from '../language/types';

/** True when each layer takes the one above it (the first takes the input) and the last is the output. */
export function isChain(spec: ModelSpec): boolean {
  const last = spec.layers[spec.layers.length - 1];
  return (
    (last ? last.name === spec.outputName : spec.outputName === spec.inputName) &&
    spec.layers.every((layer, index) => layer.inputs.length === 1 && layer.inputs[0] === (index === 0 ? spec.inputName : spec.layers[index - 1]?.name))
  );
}

/**
 * The connections by position, not by name, so renaming a layer changes nothing: each layer's
 * inputs as indices (0 is the input, k the k-th layer) and the output's index.
 */
export function connectionsByIndex(spec: ModelSpec): { inputs: number[][]; output: number } {
  const index = new Map<string, number>([[spec.inputName, 0], ...spec.layers.map((layer, i): [string, number] => [layer.name, i + 1])]);
  const position = (name: string) => index.get(name) ?? -1;
  return { inputs: spec.layers.map((layer) => layer.inputs.map(position)), output: position(spec.outputName) };
}
