// The Keras shape (batch first, `null`) of every tensor of a ModelSpec's graph, by layer name,
// from the catalogue's shape rules: what exporters need to pad, crop or reshape explicitly.
import { findLayer } from '../language/catalogue';
import type { ModelSpec, Shape, SpecLayer } from '../language/types';
import { EngineError } from '../engine/errors';

const ELEMENTWISE_MERGES = new Set(['Add', 'Subtract', 'Multiply', 'Average', 'Maximum', 'Minimum']);

/** Merge layers (several inputs): elementwise ones keep their inputs' shape; Concatenate adds up its axis. */
function mergeShape(layer: SpecLayer, inputs: Shape[]): Shape | undefined {
  if (ELEMENTWISE_MERGES.has(layer.type)) return inputs[0];
  if (layer.type !== 'Concatenate') return undefined;
  const rank = inputs[0].length;
  const raw = (layer.config.axis as number | undefined) ?? -1;
  const axis = raw < 0 ? rank + raw : raw;
  return inputs[0].map((dim, i) => (i === axis ? inputs.reduce((sum, shape) => sum + (shape[i] as number), 0) : dim));
}

/** Every tensor's shape: the input's under `spec.inputName`, each layer's output under its name. */
export function specShapes(spec: ModelSpec): Map<string, Shape> {
  const shapes = new Map<string, Shape>([[spec.inputName, [null, ...spec.inputShape]]]);
  for (const layer of spec.layers) {
    const inputs = layer.inputs.map((name) => {
      const shape = shapes.get(name);
      if (!shape) throw new EngineError(`layer ${layer.name} reads '${name}', which no earlier layer makes`);
      return shape;
    });
    const merged = mergeShape(layer, inputs);
    const result = merged ? { shape: merged } : findLayer(layer.type)?.outputShape(inputs[0], layer.config);
    if (!result || 'error' in result || result.shape === undefined) throw new EngineError(`layer ${layer.name} (${layer.type}): its output shape cannot be inferred`);
    shapes.set(layer.name, result.shape);
  }
  return shapes;
}
