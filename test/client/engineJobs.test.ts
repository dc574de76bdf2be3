// The adapter between the engine's runner and the controller: exactly one closing event per job.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TrainEvent } from '../../src/protocol/engine';
import { track } from '../../client/src/training/engineJobs';

function collect() {
  const events: TrainEvent[] = [];
  return { events, onEvent: (e: TrainEvent) => events.push(e) };
}

test('a job that ends with its own closing event gets no second one', async () => {
  const { events, onEvent } = collect();
  const job = track(async (emit) => {
    emit({ type: 'epoch', epoch: 1, loss: 1, accuracy: 0.5, seconds: 1 });
    emit({ type: 'done', runDir: '/r', secondsPerEpoch: 1 });
  }, onEvent, () => {});
  await job.finished;
  assert.deepEqual(events.map((e) => e.type), ['epoch', 'done']);
});

test('an evaluation (no closing event of its own) ends with done', async () => {
  const { events, onEvent } = collect();
  await track(async () => {}, onEvent, () => {}).finished;
  assert.deepEqual(events.map((e) => e.type), ['done']);
});

test('a crashed worker ends with an error in plain words, and finished still resolves', async () => {
  const { events, onEvent } = collect();
  await track(async () => {
    throw new Error('the training worker ended before finishing (exit code 1)');
  }, onEvent, () => {}).finished;
  assert.deepEqual(events, [{ type: 'error', message: 'the training worker ended before finishing (exit code 1)' }]);
});

test('an engine error event followed by the rejection is reported once', async () => {
  const { events, onEvent } = collect();
  await track(async (emit) => {
    emit({ type: 'error', message: 'the IDX file is truncated' });
    throw new Error('the IDX file is truncated');
  }, onEvent, () => {}).finished;
  assert.deepEqual(events.map((e) => e.type), ['error']);
});

test('a job ended by stop (terminated worker) reports stopped, not an error', async () => {
  const { events, onEvent } = collect();
  let reject!: (error: Error) => void;
  let stops = 0;
  const job = track(() => new Promise((_, r) => (reject = r)), onEvent, () => {
    stops++;
    reject(new Error('worker terminated'));
  });
  job.stop();
  await job.finished;
  assert.equal(stops, 1);
  assert.deepEqual(events.map((e) => e.type), ['stopped']);
});
