// The tfjs layer a catalogue entry names: `tf.layers[entry.tfjs.factory]`, or one of the few
// layers this project writes itself because tfjs lacks them or gets them wrong
// (merge-layers.ts). The model builder and the property test that holds the analyzer to tfjs
// both make layers only through here, so the gradient fixes those layers need are installed
// here too.
import * as tf from '@tensorflow/tfjs';
import type { LayerEntry } from '../language/catalogue/types';
import { installBroadcastingGradients } from './broadcast-gradients';
import { EngineError } from './errors';
import { concatenate, subtract } from './merge-layers';

export type LayerFactory = (config: Record<string, unknown>) => tf.layers.Layer;

/** Layers tfjs 4.22 lacks or gets wrong (merge-layers.ts), by the factory name the catalogue gives them. */
const OWN_LAYERS: Record<string, LayerFactory> = { subtract, concatenate };

export function layerFactory(entry: LayerEntry): LayerFactory {
  installBroadcastingGradients();
  const factory = OWN_LAYERS[entry.tfjs.factory] ?? (tf.layers as unknown as Record<string, LayerFactory | undefined>)[entry.tfjs.factory];
  if (typeof factory !== 'function') throw new EngineError(`layer ${entry.type}: tfjs has no tf.layers.${entry.tfjs.factory}`);
  return factory;
}
