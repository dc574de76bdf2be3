// The messages between the extension host and the results webview, and the state they carry.
// Both sides import this module (the webview through esbuild), so a message can't be sent in a
// shape the other side does not expect. Pure types: no vscode or DOM here.
import type { BackendName, EpochRecord, EvaluationResult } from '../../../src/protocol/engine';
import type { ModelSummary } from '../../../src/protocol/modelSummary';
import { DIGIT_SIDE } from '../../../src/digits/mnist-preprocess';

/** The `dnn/modelSummary` answer, as the language server defines it. */
export type { ModelSummary, SummaryLayer } from '../../../src/protocol/modelSummary';

/** Per-batch loss/accuracy kept at a bounded resolution (see batchSeries.ts). */
export interface BatchPoint {
  /** Training step where the point ends, counted over the whole run (1-based). */
  step: number;
  loss: number;
  accuracy: number;
}

export interface BatchSeries {
  /** How many raw batches each stored point averages; doubles when the series grows too long. */
  stride: number;
  points: BatchPoint[];
  /** Raw batches not yet folded into a point (fewer than `stride`). */
  pending: { count: number; loss: number; accuracy: number; step: number };
}

export type RunStatus = 'running' | 'completed' | 'stopped' | 'failed';

/** A training run as the panel shows it: live, or read back from a run's metrics.json. */
export interface RunView {
  status: RunStatus;
  backend?: BackendName;
  /** Why the backend is not the requested one (e.g. the wasm fallback), shown as a note. */
  backendNote?: string;
  runDir?: string;
  epochs: number;
  batchesPerEpoch: number;
  trainSamples?: number;
  validationSamples?: number;
  /** Progress: the epoch in progress (1-based) and the batches done in it. */
  epoch: number;
  batch: number;
  elapsedSeconds: number;
  /** Undefined until a rate is known. */
  etaSeconds?: number;
  history: EpochRecord[];
  /** Loss/accuracy between batch events (see intervalMean), for the per-batch line. */
  batches: BatchSeries;
  /** The last batch event's running means, to take the next interval's mean from. */
  lastBatch?: { epoch: number; batch: number; loss: number; accuracy: number };
  secondsPerEpoch?: number;
  /** When the run ended with an error: the message in plain words. */
  error?: string;
  /** ISO date the run was made (runs read back from disk). */
  createdAt?: string;
  /** The user's name for the run (label.txt in its folder, set from the Runs view). */
  label?: string;
}

export interface EvaluationView {
  /** Absent while the first evaluation of this run is still computing. */
  result?: EvaluationResult;
  runDir?: string;
  /** The spec changed since the weights of this run were made. */
  specChanged?: boolean;
  status: 'running' | 'done';
}

export interface Notice {
  severity: 'info' | 'warning' | 'error';
  text: string;
}

/** Everything the panel shows. The webview keeps it with `setState`, so it must be plain JSON. */
export interface PanelState {
  /** Bumped when the shape changes, so a panel restored from an older version starts clean. */
  version: typeof PANEL_STATE_VERSION;
  /** The .dnn document this panel belongs to. */
  uri: string;
  /** Model name, or the file name until the model is known. */
  title: string;
  summary?: ModelSummary;
  run?: RunView;
  evaluation?: EvaluationView;
  /** A one-line message above the content (spec changed, errors, ...). */
  notice?: Notice;
  /** The digit drawn in "Try it": the webview's own (the host only carries it through a reload). */
  drawing?: Drawing;
}

/** Strokes on the 280x280 "Try it" canvas, each as flat `[x0, y0, x1, y1, ...]` canvas pixels. */
export interface Drawing {
  strokes: number[][];
}

/** The model's answer for the digit drawn: one probability per class, in class order. */
export type PredictionAnswer =
  | { type: 'prediction'; id: number; runDir: string; classNames: string[]; probabilities: number[] }
  | { type: 'prediction'; id: number; runDir?: string; error: string };

export const PANEL_STATE_VERSION = 1;

/** Commands the webview's buttons can ask for; the host maps them to `dnn.*` commands. */
export type PanelCommand = 'train' | 'evaluate' | 'pickRunAndEvaluate' | 'stopTraining' | 'exportModel' | 'showOutput';

export type HostToWebview = { type: 'state'; state: PanelState } | PredictionAnswer;

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'command'; command: PanelCommand }
  /** The drawn digit after MNIST's preprocessing (src/digits): 784 grey levels in [0, 1]. */
  | { type: 'predict'; id: number; pixels: number[] };

const PANEL_COMMANDS: readonly PanelCommand[] = ['train', 'evaluate', 'pickRunAndEvaluate', 'stopTraining', 'exportModel', 'showOutput'];

/** Narrows anything the webview posted to a known message; anything else is ignored by the host. */
export function parseWebviewMessage(value: unknown): WebviewToHost | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const message = value as { type?: unknown; command?: unknown };
  if (message.type === 'ready') return { type: 'ready' };
  if (message.type === 'command' && PANEL_COMMANDS.includes(message.command as PanelCommand)) {
    return { type: 'command', command: message.command as PanelCommand };
  }
  if (message.type === 'predict') return parsePredict(value as { id?: unknown; pixels?: unknown });
  return undefined;
}

function parsePredict({ id, pixels }: { id?: unknown; pixels?: unknown }): WebviewToHost | undefined {
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || !Array.isArray(pixels) || pixels.length !== DIGIT_SIDE * DIGIT_SIDE) return undefined;
  return pixels.every((v) => typeof v === 'number' && v >= 0 && v <= 1) ? { type: 'predict', id, pixels: pixels as number[] } : undefined;
}

/** Narrows anything the host posted (or `getState` returned) to a panel state of this version. */
export function isPanelState(value: unknown): value is PanelState {
  if (typeof value !== 'object' || value === null) return false;
  const state = value as Partial<PanelState>;
  return state.version === PANEL_STATE_VERSION && typeof state.uri === 'string' && typeof state.title === 'string';
}

export function parseHostMessage(value: unknown): HostToWebview | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const message = value as { type?: unknown; state?: unknown };
  if (message.type === 'prediction') return parsePrediction(value as Record<string, unknown>);
  return message.type === 'state' && isPanelState(message.state) ? { type: 'state', state: message.state } : undefined;
}

function parsePrediction(message: Record<string, unknown>): PredictionAnswer | undefined {
  const { id, runDir, error, classNames, probabilities } = message;
  if (typeof id !== 'number') return undefined;
  if (typeof error === 'string') return { type: 'prediction', id, error, ...(typeof runDir === 'string' ? { runDir } : {}) };
  const names = Array.isArray(classNames) && classNames.every((n) => typeof n === 'string') ? (classNames as string[]) : undefined;
  const values = Array.isArray(probabilities) && probabilities.every((p) => typeof p === 'number') ? (probabilities as number[]) : undefined;
  if (typeof runDir !== 'string' || !names || !values || names.length !== values.length) return undefined;
  return { type: 'prediction', id, runDir, classNames: names, probabilities: values };
}
