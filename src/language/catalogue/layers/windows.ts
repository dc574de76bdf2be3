// Sliding windows (convolution and pooling kernels) over the spatial axes of a channels-last
// input: the output sizes, and the errors tfjs would hit (a window larger than its input).
import { convOutputLength, formatDims, type Padding } from '../../shapes';
import type { Shape } from '../../types';
import type { ShapeResult } from '../types';
import { fail } from './common';

export interface Window {
  /** Argument that holds the window size, for the error's range (`kernel_size`, `pool_size`). */
  argName: string;
  size: number[];
  strides: number[];
  padding: Padding;
  dilation?: number[];
  /** Output channels, for the shape reported with an error that doesn't change it. */
  channels: number;
}

/** Spatial output sizes for `input` = `[batch, ...spatial, channels]`, or the error. */
export function slideWindow(type: string, input: Shape, window: Window): number[] | ShapeResult {
  const spatial = input.slice(1, -1) as number[];
  const dilation = window.dilation ?? window.size.map(() => 1);
  const effective = window.size.map((size, i) => size + (size - 1) * ((dilation[i] ?? 1) - 1));
  if (window.padding === 'valid' && effective.some((size, i) => size > (spatial[i] ?? 0))) {
    const dilated = dilation.some((d) => d > 1) ? ` (${formatDims(effective)} dilated)` : '';
    return fail(
      'windowTooLarge',
      `${type} ${window.argName} ${formatDims(window.size)}${dilated} is larger than its input ${formatDims(spatial)} with padding=valid; use padding=same or a smaller window`,
      window.argName,
    );
  }
  const output = spatial.map((length, i) =>
    convOutputLength(length, window.size[i] ?? 1, window.strides[i] ?? 1, window.padding, dilation[i] ?? 1),
  );
  if (dilation.some((d) => d > 1) && window.strides.some((s) => s > 1)) {
    // tfjs computes the shape but refuses to run it (as Keras does).
    const shape = [null, ...output, window.channels];
    return fail('incompatibleArguments', `${type}: dilation_rate > 1 cannot be combined with strides > 1`, 'dilation_rate', shape);
  }
  return output;
}

export function isError(result: number[] | ShapeResult): result is ShapeResult {
  return !Array.isArray(result);
}

/** `strides 2x2, valid` for formulas. */
export function describeWindow(strides: number[], padding: Padding): string {
  return `strides ${formatDims(strides)}, ${padding}`;
}
