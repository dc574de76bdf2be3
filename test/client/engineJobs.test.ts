// The adapter between the engine's runner and the controller: exactly one closing event per job.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TrainEvent } from '../../src/protocol/engine';
import { STOP_GRACE_MS, track } from '../../client/src/training/engineJobs';
import { reportEvent } from '../../client/src/training/eventReport';

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

/** A run that never answers until terminated (a worker still loading its data). */
function silentRun() {
  let reject!: (error: Error) => void;
  let terminations = 0;
  const run = () => new Promise<void>((_, r) => (reject = r));
  const forced = {
    graceMs: STOP_GRACE_MS,
    terminate: async () => {
      terminations++;
      reject(new Error('the training worker ended before finishing (exit code 1)'));
    },
  };
  return { run, forced, terminations: () => terminations };
}

test('a training that does not answer Stop while loading is ended after the grace, and the stopped event says so', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { events, onEvent } = collect();
  const silent = silentRun();
  const job = track(silent.run, onEvent, () => {}, silent.forced);
  job.stop();
  t.mock.timers.tick(STOP_GRACE_MS - 1);
  assert.equal(silent.terminations(), 0, 'not before the grace');
  t.mock.timers.tick(1);
  assert.equal(silent.terminations(), 1);
  await job.finished;
  assert.deepEqual(events, [
    {
      type: 'stopped',
      epoch: 0,
      batch: 0,
      forced: 'it did not answer Stop within 1.5 s while it was still setting up (loading its data), so its worker was ended; nothing was saved',
    },
  ]);
  assert.equal(
    reportEvent('train', 'M', events[0]).notify?.text,
    'Training of M stopped: it did not answer Stop within 1.5 s while it was still setting up (loading its data), so its worker was ended; nothing was saved.',
  );
});

test('a training that has started is never ended by the grace: it stops within a batch and saves its run', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { events, onEvent } = collect();
  const silent = silentRun();
  let emit!: (event: TrainEvent) => void;
  let resolve!: () => void;
  const job = track((e) => ((emit = e), new Promise<void>((r) => (resolve = r))), onEvent, () => {}, silent.forced);
  emit({ type: 'start', model: 'M', epochs: 1, batchesPerEpoch: 10, trainSamples: 100, validationSamples: 0, runDir: '/r/M/1' });
  job.stop();
  t.mock.timers.tick(60_000);
  assert.equal(silent.terminations(), 0);
  emit({ type: 'stopped', runDir: '/r/M/1', epoch: 1, batch: 3 });
  resolve();
  await job.finished;
  assert.deepEqual(events.map((e) => e.type), ['start', 'stopped']);
  assert.equal((events[1] as { forced?: string }).forced, undefined);
});

test('a training that reaches its start within the grace is not ended (the flag is read from then on)', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const silent = silentRun();
  let emit!: (event: TrainEvent) => void;
  const job = track((e) => ((emit = e), new Promise<void>(() => {})), () => {}, () => {}, silent.forced);
  job.stop();
  t.mock.timers.tick(STOP_GRACE_MS / 2);
  emit({ type: 'start', model: 'M', epochs: 1, batchesPerEpoch: 10, trainSamples: 100, validationSamples: 0, runDir: '/r/M/1' });
  t.mock.timers.tick(STOP_GRACE_MS * 10);
  assert.equal(silent.terminations(), 0);
});
