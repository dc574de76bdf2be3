// The one-job-per-model rule with a fake engine runner.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TrainEvent } from '../../src/protocol/engine';
import { TrainingController, type EngineJob, type JobIntent, type JobRequest, type RunningJob } from '../../client/src/training/controller';

/** A job that ends when the test says so, or one "batch" after stop() (as the worker does). */
class FakeJob implements EngineJob {
  stopCalls = 0;
  private ended = false;
  private end!: () => void;
  readonly finished = new Promise<void>((resolve) => (this.end = resolve));
  constructor(private readonly emit: (event: TrainEvent) => void) {}

  send(event: TrainEvent): void {
    this.emit(event);
  }

  stop(): void {
    this.stopCalls++;
    queueMicrotask(() => this.finish({ type: 'stopped', epoch: 1, batch: 1 }));
  }

  finish(last: TrainEvent): void {
    if (this.ended) return;
    this.ended = true;
    this.emit(last);
    this.end();
  }
}

function fixture(answers: boolean[] = []) {
  const asked: { running: RunningJob; next: JobIntent }[] = [];
  const controller = new TrainingController({
    confirmReplace: async (running, next) => {
      asked.push({ running, next });
      return answers.shift() ?? false;
    },
  });
  const jobs: FakeJob[] = [];
  const request = (key: string, label = key): JobRequest => ({
    key,
    label,
    kind: 'train',
    start: (onEvent) => {
      const job = new FakeJob(onEvent);
      jobs.push(job);
      return job;
    },
  });
  const events: [string, TrainEvent['type']][] = [];
  controller.onEvent((job, event) => events.push([job.key, event.type]));
  return { controller, asked, jobs, request, events };
}

test('starts a job and forgets it once it has finished', async () => {
  const { controller, jobs, request, events } = fixture();
  const running: number[] = [];
  controller.onJobsChanged(() => running.push(controller.runningJobs().length));
  const outcome = await controller.start(request('a'));
  assert.deepEqual(running, [1], 'listeners hear of the start before the first event');
  assert.equal(outcome.started, true);
  assert.equal(controller.running('a')?.label, 'a');
  jobs[0].send({ type: 'batch', epoch: 1, batch: 1, batchesPerEpoch: 2, loss: 1, accuracy: 0.5, elapsedSeconds: 0.1 });
  jobs[0].finish({ type: 'done', runDir: '/r', secondsPerEpoch: 1 });
  if (outcome.started) await outcome.job.finished;
  assert.equal(controller.running('a'), undefined);
  assert.deepEqual(running, [1, 0]);
  assert.deepEqual(events, [['a', 'batch'], ['a', 'done']]);
});

test('a second request for the same model asks; "no" keeps the first running and starts nothing', async () => {
  const { controller, asked, jobs, request } = fixture([false]);
  await controller.start(request('a', 'MnistMLP'));
  const outcome = await controller.start(request('a', 'MnistMLP'));
  assert.deepEqual(outcome, { started: false, reason: 'kept-running' });
  assert.equal(asked.length, 1);
  assert.equal(asked[0].running.label, 'MnistMLP');
  assert.equal(jobs.length, 1);
  assert.equal(jobs[0].stopCalls, 0);
  assert.ok(controller.running('a'));
});

test('"yes" stops the first, waits until it has ended, then starts the second', async () => {
  const { controller, jobs, request, events } = fixture([true]);
  const first = await controller.start(request('a'));
  const second = await controller.start(request('a'));
  assert.equal(second.started, true);
  assert.equal(jobs[0].stopCalls, 1);
  assert.equal(first.started && first.job.stopRequested, true);
  assert.equal(jobs.length, 2);
  assert.deepEqual(events, [['a', 'stopped']], "the first job's end arrived before the second started");
  assert.equal(second.started && controller.running('a'), second.started && second.job);
});

test('makeWay: clear when idle; otherwise asks, stops and waits', async () => {
  const { controller, asked, jobs, request } = fixture([false, true]);
  assert.equal(await controller.makeWay({ key: 'a', label: 'a', kind: 'evaluate' }), true);
  assert.equal(asked.length, 0);
  await controller.start(request('a'));
  assert.equal(await controller.makeWay({ key: 'a', label: 'a', kind: 'evaluate' }), false);
  assert.equal(jobs[0].stopCalls, 0);
  assert.equal(await controller.makeWay({ key: 'a', label: 'a', kind: 'evaluate' }), true);
  assert.equal(jobs[0].stopCalls, 1);
  assert.equal(controller.running('a'), undefined, 'ended before makeWay returned');
  assert.equal(asked[1].next.kind, 'evaluate');
});

test('different models train side by side without a question', async () => {
  const { controller, asked, request } = fixture();
  await controller.start(request('a'));
  await controller.start(request('b'));
  assert.equal(asked.length, 0);
  assert.deepEqual(controller.runningJobs().map((j) => j.key).sort(), ['a', 'b']);
});

test('a request while the question is still open is refused as busy (no second dialog)', async () => {
  let answer!: (yes: boolean) => void;
  const controller = new TrainingController({ confirmReplace: () => new Promise((resolve) => (answer = resolve)) });
  const jobs: FakeJob[] = [];
  const request: JobRequest = { key: 'a', label: 'a', kind: 'train', start: (onEvent) => { const j = new FakeJob(onEvent); jobs.push(j); return j; } };
  await controller.start(request);
  const pending = controller.start(request);
  assert.deepEqual(await controller.start(request), { started: false, reason: 'busy' });
  answer(true);
  assert.equal((await pending).started, true);
  assert.equal(jobs.length, 2);
});

test('stop and stopAll reach the engine jobs; stop of an idle model says so', async () => {
  const { controller, jobs, request } = fixture();
  await controller.start(request('a'));
  await controller.start(request('b'));
  assert.equal(controller.stop('a'), true);
  assert.equal(controller.stop('zzz'), false);
  controller.stopAll();
  assert.deepEqual(jobs.map((j) => j.stopCalls), [2, 1]);
  await Promise.all(controller.runningJobs().map((j) => j.finished));
  assert.deepEqual(controller.runningJobs(), []);
});
