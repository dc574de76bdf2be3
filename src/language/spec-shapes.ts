// The Keras shape (batch first, `null`) of every tensor of a ModelSpec's graph, by layer name,
// from the catalogue's shape rules: what exporters need to pad, crop or reshape explicitly, and
// what the engine's memory estimate reads before training.
import { findLayer } from './catalogue';
import type { TensorSize } from './training-memory';
import type { ModelSpec, Shape } from './types';

/** Every tensor's shape: the input's under `spec.inputName`, each layer's output under its name. */
export function specShapes(spec: ModelSpec): Map<string, Shape> {
  const shapes = new Map<string, Shape>([[spec.inputName, [null, ...spec.inputShape]]]);
  for (const layer of spec.layers) {
    const inputs = layer.inputs.map((name) => {
      const shape = shapes.get(name);
      if (!shape) throw new Error(`layer ${layer.name} reads '${name}', which no earlier layer makes`);
      return shape;
    });
    // The catalogue's rule, merges included (their broadcasting too).
    const result = findLayer(layer.type)?.outputShape(inputs, layer.config);
    if (!result || 'error' in result || result.shape === undefined) throw new Error(`layer ${layer.name} (${layer.type}): its output shape cannot be inferred`);
    shapes.set(layer.name, result.shape);
  }
  return shapes;
}

/** Every tensor of the spec's graph with its layer's parameter count (the catalogue's), for trainingMemory. */
export function specTensorSizes(spec: ModelSpec): TensorSize[] {
  const shapes = specShapes(spec);
  const input: TensorSize = { name: spec.inputName, shape: shapes.get(spec.inputName) as Shape, params: 0 };
  return [
    input,
    ...spec.layers.map((layer) => {
      const inputs = layer.inputs.map((name) => shapes.get(name) as Shape);
      const params = findLayer(layer.type)?.params(inputs, layer.config);
      return { name: layer.name, shape: shapes.get(layer.name) as Shape, params: params ? params.trainable + params.nonTrainable : 0 };
    }),
  ];
}
