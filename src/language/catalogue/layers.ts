// The layer catalogue: every layer type the language knows, in the order docs and completion
// list them. Each entry lives in layers/<category>.ts.
import { single } from './single';
import type { LayerEntry, SingleInputEntry } from './types';
import { mergeLayers } from './layers/merging';
import { elu, leakyRelu, relu, softmax } from './layers/activation-layers';
import { conv1d, conv2d, conv2dTranspose, depthwiseConv2d, separableConv2d } from './layers/convolution';
import { activation, dense, input } from './layers/core';
import { batchNormalization, layerNormalization } from './layers/normalization';
import {
  averagePooling1d,
  averagePooling2d,
  globalAveragePooling1d,
  globalAveragePooling2d,
  globalMaxPooling1d,
  globalMaxPooling2d,
  maxPooling1d,
  maxPooling2d,
} from './layers/pooling';
import { gru, lstm, simpleRnn } from './layers/recurrent';
import { alphaDropout, dropout, gaussianDropout, gaussianNoise, spatialDropout1d } from './layers/regularization';
import { cropping2d, flatten, permute, repeatVector, reshape, upSampling2d, zeroPadding2d } from './layers/reshaping';

/** One-input entries, in docs order; `single` gives each the catalogue's rules over input lists. */
const oneInput: readonly SingleInputEntry[] = [
  dense,
  activation,
  conv2d,
  conv1d,
  conv2dTranspose,
  depthwiseConv2d,
  separableConv2d,
  maxPooling2d,
  averagePooling2d,
  maxPooling1d,
  averagePooling1d,
  globalAveragePooling2d,
  globalMaxPooling2d,
  globalAveragePooling1d,
  globalMaxPooling1d,
  batchNormalization,
  layerNormalization,
  dropout,
  spatialDropout1d,
  gaussianNoise,
  gaussianDropout,
  alphaDropout,
  flatten,
  reshape,
  permute,
  repeatVector,
  upSampling2d,
  zeroPadding2d,
  cropping2d,
  relu,
  leakyRelu,
  elu,
  softmax,
  simpleRnn,
  lstm,
  gru,
];

export const layers: readonly LayerEntry[] = [input, ...oneInput.map(single), ...mergeLayers];

const byType = new Map<string, LayerEntry>(layers.map((entry) => [entry.type, entry]));

export function findLayer(type: string): LayerEntry | undefined {
  return byType.get(type);
}
