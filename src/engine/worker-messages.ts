// What the runner (main thread) and the training worker say to each other.
import type { EvaluateOptions, EvaluateOutcome, TrainEvent, TrainOptions, TrainResult } from '../protocol/engine';
import type { EngineErrorKind } from './errors';
import type { ExportOptions, ExportOutcome } from '../export/types';

export type WorkerRequest =
  | { kind: 'train'; options: TrainOptions }
  | { kind: 'evaluate'; options: EvaluateOptions }
  | { kind: 'export'; options: ExportOptions }
  /** A long-lived worker answering predict-messages.ts requests (see predictor.ts), not one job. */
  | { kind: 'predict' };

/** `workerData` of a worker: the job and the shared stop flag (Int32 index 0: 1 = stop). */
export interface WorkerInput {
  request: WorkerRequest;
  stopFlag: SharedArrayBuffer;
}

export type WorkerMessage =
  | { kind: 'event'; event: TrainEvent }
  | { kind: 'trained'; result: TrainResult }
  | { kind: 'evaluated'; outcome: EvaluateOutcome }
  | { kind: 'exported'; outcome: ExportOutcome }
  | { kind: 'failed'; message: string; errorKind: EngineErrorKind };
