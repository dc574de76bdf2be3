// The Keras shape (batch first, `null`) of every tensor of a ModelSpec's graph, by layer name,
// from the catalogue's shape rules: what exporters need to pad, crop or reshape explicitly.
import { findLayer } from '../language/catalogue';
import type { ModelSpec, Shape } from '../language/types';
import { EngineError } from '../engine/errors';

/** Every tensor's shape: the input's under `spec.inputName`, each layer's output under its name. */
export function specShapes(spec: ModelSpec): Map<string, Shape> {
  const shapes = new Map<string, Shape>([[spec.inputName, [null, ...spec.inputShape]]]);
  for (const layer of spec.layers) {
    const inputs = layer.inputs.map((name) => {
      const shape = shapes.get(name);
      if (!shape) throw new EngineError(`layer ${layer.name} reads '${name}', which no earlier layer makes`);
      return shape;
    });
    // The catalogue's rule, merges included (their broadcasting too).
    const result = findLayer(layer.type)?.outputShape(inputs, layer.config);
    if (!result || 'error' in result || result.shape === undefined) throw new EngineError(`layer ${layer.name} (${layer.type}): its output shape cannot be inferred`);
    shapes.set(layer.name, result.shape);
  }
  return shapes;
}
