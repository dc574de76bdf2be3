// What the digit predictor (main thread) and its worker say to each other. The worker keeps
// one run's model loaded and answers `predict` requests for it; a request names its run, so
// a panel that moves to another run gets that run's model without a new worker. Every
// message crosses a thread (structured clone) and the pixels first came from a webview, so
// the worker checks what it is given with `parsePredictRequest`.
import { DIGIT_SIDE } from '../digits/mnist-preprocess';
import type { EngineErrorKind } from './errors';

export type PredictRequest = { kind: 'predict'; id: number; runDir: string; pixels: Float32Array };

export type PredictReply =
  /** One probability per class, in class order, with the classes' names. */
  | { kind: 'probabilities'; id: number; runDir: string; classNames: string[]; probabilities: number[] }
  | { kind: 'failed'; id: number; runDir: string; message: string; errorKind: EngineErrorKind };

/** One preprocessed digit: 784 grey levels in [0, 1]. */
export const DIGIT_PIXELS = DIGIT_SIDE * DIGIT_SIDE;

/** A request the worker can serve, or the reason it cannot (said back as a `failed` reply). */
export function parsePredictRequest(value: unknown): PredictRequest | { invalid: string; id: number; runDir: string } {
  const message = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const id = typeof message.id === 'number' && Number.isSafeInteger(message.id) ? message.id : -1;
  const runDir = typeof message.runDir === 'string' ? message.runDir : '';
  const invalid = (why: string) => ({ invalid: why, id, runDir });
  if (message.kind !== 'predict') return invalid(`unknown request ${JSON.stringify(message.kind ?? null)}`);
  if (id < 0) return invalid('a predict request needs a whole-number id');
  if (runDir === '') return invalid('a predict request needs the run folder');
  const { pixels } = message;
  if (!(pixels instanceof Float32Array) || pixels.length !== DIGIT_PIXELS) return invalid(`a digit is ${DIGIT_PIXELS} grey levels`);
  if (!pixels.every((v) => v >= 0 && v <= 1)) return invalid('grey levels are between 0 and 1');
  return { kind: 'predict', id, runDir, pixels };
}
