// Shape arithmetic as TensorFlow.js/Keras do it, and the ways shapes are written for people.
import type { Shape } from './types';

export type Padding = 'valid' | 'same';

/** Output length of a convolution or pooling window along one axis (tfjs `convOutputLength`). */
export function convOutputLength(length: number, window: number, stride: number, padding: Padding, dilation = 1): number {
  const dilatedWindow = window + (window - 1) * (dilation - 1);
  const covered = padding === 'same' ? length : length - dilatedWindow + 1;
  return Math.floor((covered + stride - 1) / stride);
}

/** Output length of a transposed convolution along one axis (tfjs `deconvLength`). */
export function deconvOutputLength(length: number, window: number, stride: number, padding: Padding): number {
  return padding === 'same' ? length * stride : length * stride + Math.max(window - stride, 0);
}

/** Number of values in one sample (the batch dimension excluded); undefined if a size is unknown. */
export function sampleSize(shape: Shape): number | undefined {
  let size = 1;
  for (let i = 1; i < shape.length; i++) {
    const dim = shape[i];
    if (dim === null) return undefined;
    size *= dim;
  }
  return size;
}

/**
 * `[null, 28, 28, 1]`: the project's one shape notation (messages, hover, inlay hints, the
 * summary, the CLI, the panel); `?` where an earlier error left the shape unknown.
 */
export function formatShape(shape: Shape | null | undefined): string {
  if (!shape) return '?';
  return `[${shape.map((dim) => (dim === null ? 'null' : String(dim))).join(', ')}]`;
}

/** `28x28x1`: one sample's dimensions, as in `W0: 64x784`. */
export function formatDims(dims: readonly (number | null)[]): string {
  return dims.map((dim) => (dim === null ? '?' : String(dim))).join('x');
}

/**
 * `55,050`: thousands separated as Keras prints parameter counts (a fixed locale: the same text
 * in every test and screenshot); `?` where an error left the count unknown, `–` for no number.
 */
export function formatCount(count: number | null | undefined): string {
  if (count === null || count === undefined) return '?';
  return Number.isFinite(count) ? Math.round(count).toLocaleString('en-US') : '–';
}

/** `1.5 GiB`: a byte count for messages. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}
