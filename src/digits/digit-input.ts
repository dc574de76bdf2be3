// Which model inputs hold one 28x28 grey digit: the shapes predictions (`dnn predict`, the
// results panel's "Try it") can feed. The one place for that rule; pure, so the webview
// decides with it whether to offer the canvas before any model is loaded.
import { DIGIT_SIDE } from './mnist-preprocess';

const DIGIT_SHAPES: readonly (readonly number[])[] = [[DIGIT_SIDE * DIGIT_SIDE], [DIGIT_SIDE, DIGIT_SIDE], [DIGIT_SIDE, DIGIT_SIDE, 1]];

/** The shapes, as users write them, for messages. */
export const DIGIT_INPUTS_TEXT = 'Input(shape=[784]), [28, 28] or [28, 28, 1]';

/** `shape` is without the batch dimension: `[784]`, `[28, 28, 1]`. */
export function takesOneDigit(shape: readonly (number | null)[]): boolean {
  return DIGIT_SHAPES.some((digit) => digit.length === shape.length && digit.every((size, i) => size === shape[i]));
}
