// The worker-thread runner the VS Code extension uses: events relayed, results returned,
// stop honoured through the shared flag, errors as rejections (and an 'error' event).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { EngineError } from '../../src/engine/errors';
import type { RunMetrics, TrainEvent } from '../../src/protocol/engine';
import { EngineRunner } from '../../src/engine/runner';
import { tempDir } from './idx-files';
import { mlpText, writeSpec } from './specs';

describe('runner (worker thread)', () => {
  it('trains in a worker, relaying events, then evaluates the run', async () => {
    const dir = tempDir();
    const specFile = writeSpec(dir, mlpText({ seed: 5 }));
    const runner = new EngineRunner();
    const events: TrainEvent[] = [];
    const training = runner.train({ specFile, trainLimit: 2000, testLimit: 500 }, (event) => events.push(event));
    assert.equal(runner.busy, true);
    await assert.rejects(runner.evaluate({ specFile }), /a run is already in progress/);
    const result = await training;
    assert.equal(runner.busy, false);
    assert.equal(result.status, 'completed');
    assert.deepEqual([...new Set(events.map((event) => event.type))], ['backend', 'start', 'batch', 'epoch', 'evaluation', 'done']);

    const evaluated: TrainEvent[] = [];
    const outcome = await runner.evaluate({ specFile, testLimit: 500 }, (event) => evaluated.push(event));
    assert.equal(outcome.runDir, result.runDir);
    assert.equal(outcome.result.accuracy, result.test?.accuracy, 'the saved weights give the accuracy the run measured');
    assert.deepEqual(evaluated.map((event) => event.type), ['backend', 'evaluation']);

    // An export (the VS Code command's) runs in a worker too, and refuses to replace its output.
    const out = join(dir, 'exported.onnx');
    const exported = await runner.export({ specFile, format: 'onnx', out });
    assert.deepEqual(exported, { format: 'onnx', model: 'TestMLP', runDir: result.runDir, out, files: [out] });
    await assert.rejects(runner.export({ specFile, format: 'onnx', out }), (error: unknown) => error instanceof EngineError && /exported\.onnx exists; pass --force/.test(error.message));
  });

  it('stops within one batch when asked, and the run is saved as stopped', async () => {
    const dir = tempDir();
    const specFile = writeSpec(dir, mlpText({ epochs: 5, batchSize: 16 }));
    const runner = new EngineRunner();
    const events: TrainEvent[] = [];
    const result = await runner.train({ specFile, trainLimit: 20000, backend: 'cpu' }, (event) => {
      events.push(event);
      if (event.type === 'batch') runner.stop();
    });
    assert.equal(result.status, 'stopped');
    const stopped = events.find((event) => event.type === 'stopped');
    assert.ok(stopped && stopped.type === 'stopped');
    // 1,000 batches an epoch: the worker notices the flag long before the epoch ends.
    assert.equal(stopped.epoch, 1);
    assert.ok(stopped.batch < 1000, `stopped at batch ${stopped.batch}`);
    assert.equal(events.some((event) => event.type === 'epoch'), false);
    assert.equal((JSON.parse(readFileSync(join(result.runDir, 'metrics.json'), 'utf8')) as RunMetrics).status, 'stopped');
  });

  it('removes the unfinished run folder of a worker that is terminated mid-training', async () => {
    const dir = tempDir();
    const specFile = writeSpec(dir, mlpText({ epochs: 5, batchSize: 16 }));
    const runner = new EngineRunner();
    let runDir: string | undefined;
    const training = runner.train({ specFile, trainLimit: 20000, backend: 'cpu' }, (event) => {
      if (event.type === 'start') runDir = event.runDir;
      if (event.type === 'batch') void runner.terminate();
    });
    await assert.rejects(training, (error: unknown) => error instanceof EngineError && /ended before finishing/.test(error.message));
    await runner.terminate();
    assert.ok(runDir, 'the worker reported its run folder');
    assert.equal(existsSync(runDir), false, 'the half-made run folder is gone');
    assert.ok(existsSync(dirname(runDir)), "only the run's own folder is removed");
  });

  it('rejects with the engine message (and relays it as an error event) for a spec with errors', async () => {
    const dir = tempDir();
    const specFile = writeSpec(dir, mlpText({ hidden: 0 }));
    const events: TrainEvent[] = [];
    await assert.rejects(new EngineRunner().train({ specFile }, (event) => events.push(event)), (error: unknown) => {
      assert.ok(error instanceof EngineError);
      assert.equal(error.kind, 'failure');
      assert.match(error.message, /model\.dnn has 1 error/);
      return true;
    });
    assert.equal(events.length, 1);
    assert.equal(events[0].type, 'error');
    assert.equal(events[0].type === 'error' && events[0].detail, undefined);
  });
});
