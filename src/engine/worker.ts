// The worker_threads entry (bundled to dist/engine/worker.js): runs one training,
// evaluation or export off the caller's thread, posts its events, then its result. The caller
// stops it through a shared flag the training loop reads before every batch. A `predict`
// worker instead stays and answers digit predictions (predict-server.ts, for predictor.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { EngineError, describeError } from './errors';
import { evaluate } from './evaluate';
import type { TrainEvent } from '../protocol/engine';
import { train } from './train';
import { runExport } from '../export/run-export';
import type { WorkerInput, WorkerMessage } from './worker-messages';
import { servePredictions } from './predict-server';

async function run(port: NonNullable<typeof parentPort>, input: WorkerInput): Promise<void> {
  const post = (message: WorkerMessage) => port.postMessage(message);
  const onEvent = (event: TrainEvent) => post({ kind: 'event', event });
  const stopFlag = new Int32Array(input.stopFlag);
  try {
    if (input.request.kind === 'train') {
      const result = await train(input.request.options, onEvent, () => Atomics.load(stopFlag, 0) === 1);
      post({ kind: 'trained', result });
    } else if (input.request.kind === 'evaluate') {
      const outcome = await evaluate(input.request.options, onEvent);
      post({ kind: 'evaluated', outcome });
    } else if (input.request.kind === 'export') {
      const outcome = await runExport(input.request.options, (message) => onEvent({ type: 'warning', message }));
      post({ kind: 'exported', outcome });
    }
  } catch (error) {
    const message = describeError(error);
    // An EngineError is the user's problem, said plainly; anything else is a bug, so keep its stack for the log.
    const detail = error instanceof EngineError ? undefined : error instanceof Error ? error.stack : undefined;
    onEvent({ type: 'error', message, detail });
    post({ kind: 'failed', message, errorKind: error instanceof EngineError ? error.kind : 'failure' });
  }
}

if (parentPort) {
  const input = workerData as WorkerInput;
  if (input.request.kind === 'predict') servePredictions(parentPort);
  else void run(parentPort, input);
}
