// Adapts the engine's worker runner (src/engine/runner.ts) to the controller's EngineJob:
// one runner (one worker thread) per job, and exactly one closing event per job whatever
// happens, so the panel, status bar and notification always learn how a job ended.
import { describeError } from '../../../src/engine/errors';
import type { EvaluateOptions, TrainEvent, TrainOptions } from '../../../src/protocol/engine';
import { EngineRunner } from '../../../src/engine/runner';
import type { EngineJob } from './controller';

export interface EngineLauncher {
  train(options: TrainOptions, onEvent: (event: TrainEvent) => void): EngineJob;
  evaluate(options: EvaluateOptions, onEvent: (event: TrainEvent) => void): EngineJob;
}

/** Jobs in worker threads running `workerFile` (dist/engine/worker.js in the extension). */
export function workerLauncher(workerFile: string): EngineLauncher {
  return {
    train(options, onEvent) {
      const runner = new EngineRunner(workerFile);
      // Training honours stop within one batch, then saves the run and ends by itself.
      return track((emit) => runner.train(options, emit), onEvent, () => runner.stop());
    },
    evaluate(options, onEvent) {
      const runner = new EngineRunner(workerFile);
      // An evaluation has nothing worth saving halfway: stopping ends its worker.
      return track((emit) => runner.evaluate(options, emit), onEvent, () => void runner.terminate());
    },
  };
}

const CLOSING: ReadonlySet<TrainEvent['type']> = new Set(['done', 'stopped', 'error']);

/**
 * Runs `run`, relays its events, and makes sure one closing event (done/stopped/error) is sent:
 * a worker that crashes or is terminated rejects without one.
 */
export function track(
  run: (emit: (event: TrainEvent) => void) => Promise<unknown>,
  onEvent: (event: TrainEvent) => void,
  stop: () => void,
): EngineJob {
  let closed = false;
  let stopRequested = false;
  const emit = (event: TrainEvent) => {
    if (closed) return;
    if (CLOSING.has(event.type)) closed = true;
    onEvent(event);
  };
  const finished = run(emit).then(
    () => emit({ type: 'done', runDir: '', secondsPerEpoch: 0 }),
    (error: unknown) => emit(stopRequested ? { type: 'stopped', epoch: 0, batch: 0 } : { type: 'error', message: describeError(error) }),
  );
  return {
    finished,
    stop() {
      stopRequested = true;
      stop();
    },
  };
}
