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

/**
 * How long a training asked to stop may stay silent before its worker is ended. Until its
 * `start` event a training is setting up (backend, data loading, model) and reads no stop
 * flag: a data set that keeps loading would otherwise ignore Stop.
 */
export const STOP_GRACE_MS = 1500;

/** Jobs in worker threads running `workerFile` (dist/engine/worker.js in the extension). */
export function workerLauncher(workerFile: string, stopGraceMs = STOP_GRACE_MS): EngineLauncher {
  return {
    train(options, onEvent) {
      const runner = new EngineRunner(workerFile);
      // Training honours stop within one batch, then saves the run and ends by itself; before
      // it trains (loading data) it cannot hear the flag, so its worker is ended after the grace.
      return track((emit) => runner.train(options, emit), onEvent, () => runner.stop(), { terminate: () => runner.terminate(), graceMs: stopGraceMs });
    },
    evaluate(options, onEvent) {
      const runner = new EngineRunner(workerFile);
      // An evaluation has nothing worth saving halfway: stopping ends its worker.
      return track((emit) => runner.evaluate(options, emit), onEvent, () => void runner.terminate());
    },
  };
}

const CLOSING: ReadonlySet<TrainEvent['type']> = new Set(['done', 'stopped', 'error']);

/** Ends a job that did not answer Stop: `terminate` resolves once the worker is gone. */
export interface ForcedStop {
  terminate(): Promise<void>;
  graceMs: number;
}

/**
 * Runs `run`, relays its events, and makes sure one closing event (done/stopped/error) is sent:
 * a worker that crashes or is terminated rejects without one. With `forced`, a stop asked
 * before the job's `start` event (it is still loading) ends the worker when no `start` or
 * closing event comes within the grace, and the closing `stopped` event says so. Once a
 * training has started it is never ended this way: it stops within one batch and saves its run.
 */
export function track(
  run: (emit: (event: TrainEvent) => void) => Promise<unknown>,
  onEvent: (event: TrainEvent) => void,
  stop: () => void,
  forced?: ForcedStop,
): EngineJob {
  let closed = false;
  let started = false;
  let stopRequested = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let forcedReason: string | undefined;
  const cancelTimer = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  const emit = (event: TrainEvent) => {
    if (closed) return;
    if (event.type === 'start') {
      started = true;
      cancelTimer();
    }
    if (CLOSING.has(event.type)) {
      closed = true;
      cancelTimer();
    }
    onEvent(event);
  };
  const finished = run(emit).then(
    () => emit({ type: 'done', runDir: '', secondsPerEpoch: 0 }),
    (error: unknown) =>
      emit(stopRequested ? { type: 'stopped', epoch: 0, batch: 0, ...(forcedReason ? { forced: forcedReason } : {}) } : { type: 'error', message: describeError(error) }),
  );
  return {
    finished,
    stop() {
      const first = !stopRequested;
      stopRequested = true;
      stop();
      if (!forced || !first || started || closed) return;
      timer = setTimeout(() => {
        timer = undefined;
        if (started || closed) return;
        forcedReason = `it did not answer Stop within ${(forced.graceMs / 1000).toFixed(1)} s while it was still setting up (loading its data), so its worker was ended; nothing was saved`;
        void forced.terminate();
      }, forced.graceMs);
    },
  };
}
