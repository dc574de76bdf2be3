// Runs a training or an evaluation in a worker thread (one worker per run), so the caller's
// thread (the VS Code extension host) stays responsive. Relays the worker's events and
// resolves with its result; `stop()` is honoured within one batch through a shared flag.
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { EngineError } from './errors';
import type { EvaluateOptions, EvaluateOutcome, TrainEvent, TrainOptions, TrainResult } from '../protocol/engine';
import { discardUnfinishedRun } from './runs';
import { startWorker } from './start-worker';
import type { ExportOptions, ExportOutcome } from '../export/types';
import type { WorkerInput, WorkerMessage, WorkerRequest } from './worker-messages';

/** dist/engine/worker.js from a bundle in dist/<part>/; worker.ts beside this file when running from source. */
export function defaultWorkerFile(): string {
  return __filename.endsWith('.ts') ? join(__dirname, 'worker.ts') : join(__dirname, '..', 'engine', 'worker.js');
}

export class EngineRunner {
  private worker: Worker | undefined;
  private stopFlag: Int32Array | undefined;
  /** Resolves once the run in progress has settled and its leftovers are cleaned up. */
  private settled: Promise<void> = Promise.resolve();

  constructor(private readonly workerFile: string = defaultWorkerFile()) {}

  /** True while a run is in progress. */
  get busy(): boolean {
    return this.worker !== undefined;
  }

  train(options: TrainOptions, onEvent: (event: TrainEvent) => void = () => {}): Promise<TrainResult> {
    return this.start({ kind: 'train', options }, onEvent, (message) => (message.kind === 'trained' ? message.result : undefined));
  }

  evaluate(options: EvaluateOptions, onEvent: (event: TrainEvent) => void = () => {}): Promise<EvaluateOutcome> {
    return this.start({ kind: 'evaluate', options }, onEvent, (message) => (message.kind === 'evaluated' ? message.outcome : undefined));
  }

  /** Writes an export (`dnn export`'s work) off this thread; its warnings come as `warning` events. */
  export(options: ExportOptions, onEvent: (event: TrainEvent) => void = () => {}): Promise<ExportOutcome> {
    return this.start({ kind: 'export', options }, onEvent, (message) => (message.kind === 'exported' ? message.outcome : undefined));
  }

  /** Asks the run to stop after the batch in progress; it still saves the run and resolves. */
  stop(): void {
    if (this.stopFlag) Atomics.store(this.stopFlag, 0, 1);
  }

  /** Ends the worker at once (nothing is saved, the unfinished run folder is removed); the pending promise rejects. */
  async terminate(): Promise<void> {
    await this.worker?.terminate();
    await this.settled;
  }

  private start<T>(request: WorkerRequest, onEvent: (event: TrainEvent) => void, resultOf: (message: WorkerMessage) => T | undefined): Promise<T> {
    if (this.worker) return Promise.reject(new EngineError('a run is already in progress in this runner', 'input'));
    const shared = new SharedArrayBuffer(4);
    const input: WorkerInput = { request, stopFlag: shared };
    const worker = startWorker(this.workerFile, input);
    this.worker = worker;
    this.stopFlag = new Int32Array(shared);
    const running = new Promise<T>((resolve, reject) => {
      let settled = false;
      // The run folder the worker made, known from its 'start' event.
      let runDir: string | undefined;
      const settle = (action: () => void) => {
        if (settled) return;
        settled = true;
        this.worker = undefined;
        this.stopFlag = undefined;
        action();
        void worker.terminate();
      };
      // A worker that crashed or was terminated could not clean up after itself: remove the
      // half-made folder of its own run (never a finished one) before rejecting.
      const abandon = (error: EngineError) => {
        if (settled) return;
        const cleanup = runDir ? discardUnfinishedRun(runDir).catch(() => {}) : Promise.resolve();
        settle(() => void cleanup.then(() => reject(error)));
      };
      worker.on('message', (message: WorkerMessage) => {
        if (message.kind === 'event') {
          if (message.event.type === 'start') runDir = message.event.runDir;
          onEvent(message.event);
        } else if (message.kind === 'failed') {
          settle(() => reject(new EngineError(message.message, message.errorKind)));
        } else {
          const result = resultOf(message);
          if (result !== undefined) settle(() => resolve(result));
        }
      });
      worker.on('error', (error) => abandon(new EngineError(`the training worker failed: ${error.message}`)));
      worker.on('exit', (code) => abandon(new EngineError(`the training worker ended before finishing (exit code ${code})`)));
    });
    this.settled = running.then(
      () => {},
      () => {},
    );
    return running;
  }}
