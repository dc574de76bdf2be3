// The "simple drawing of the layers": one box per layer, its width growing with the log of
// the layer's output size, so the funnel from 784 inputs to 10 classes is visible at a glance.
import type { SummaryLayer } from '../messages';
import { formatCount, formatShape } from './format';

export interface LayerBox {
  name: string;
  type: string;
  shape: string;
  params: string;
  /** 0..1 of the drawing's width. */
  widthFraction: number;
  /** Layers with weights are drawn filled; shape-only layers (Flatten, Dropout, ...) outlined. */
  hasWeights: boolean;
}

const MIN_WIDTH = 0.2;

export function layerBoxes(layers: readonly SummaryLayer[]): LayerBox[] {
  const sizes = layers.map((l) => elementCount(l.outputShape));
  const maxLog = Math.max(1, ...sizes.map((s) => Math.log10(s + 1)));
  return layers.map((layer, i) => ({
    name: layer.name,
    type: layer.type,
    shape: formatShape(layer.outputShape),
    params: layer.params === null || layer.params === undefined ? '?' : formatCount(layer.params),
    widthFraction: MIN_WIDTH + (1 - MIN_WIDTH) * (Math.log10(sizes[i] + 1) / maxLog),
    hasWeights: (layer.params ?? 0) > 0,
  }));
}

/** Elements of one sample (batch dimension left out); 0 when the shape is unknown. */
function elementCount(shape: SummaryLayer['outputShape']): number {
  if (!shape) return 0;
  return shape.slice(1).reduce<number>((product, d) => product * (d ?? 1), 1);
}
