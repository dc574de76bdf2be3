// Evaluating a saved run: the figures add up, the latest run is used (or the one named),
// a changed spec is said out loud, and weights that no longer fit are refused.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EngineError } from '../../src/engine/errors';
import { evaluate } from '../../src/engine/evaluate';
import type { TrainEvent } from '../../src/protocol/engine';
import { train } from '../../src/engine/train';
import { tempDir } from './idx-files';
import { mlpText, writeSpec } from './specs';

describe('evaluation', () => {
  it('evaluates the latest run on the test set: the confusion matrix and class figures add up', async () => {
    const dir = tempDir();
    const specFile = writeSpec(dir, mlpText({ seed: 2 }));
    await train({ specFile, trainLimit: 1000, testLimit: 10 });
    const latest = await train({ specFile, trainLimit: 3000, testLimit: 10 });
    const events: TrainEvent[] = [];
    const outcome = await evaluate({ specFile, backend: 'cpu' }, (event) => events.push(event));
    const { result } = outcome;
    assert.equal(outcome.runDir, latest.runDir);
    assert.equal(outcome.specChanged, false);
    assert.equal(outcome.backend, 'cpu');
    assert.equal(events.some((event) => event.type === 'warning'), false);

    assert.equal(result.samples, 10000);
    assert.equal(result.confusion.length, 10);
    assert.equal(result.confusion.flat().reduce((a, b) => a + b, 0), 10000);
    const correct = result.confusion.reduce((sum, row, i) => sum + row[i], 0);
    assert.equal(result.accuracy, correct / 10000);
    assert.ok(result.accuracy > 0.8, `accuracy ${result.accuracy}`);
    assert.deepEqual(result.perClass.map((c) => c.support), result.confusion.map((row) => row.reduce((a, b) => a + b, 0)));
    for (const stats of result.perClass) {
      const predicted = result.confusion.reduce((sum, row) => sum + row[stats.label], 0);
      assert.equal(stats.recall, stats.correct / stats.support);
      assert.equal(stats.accuracy, stats.recall);
      assert.equal(stats.precision, stats.correct / predicted);
    }

    const mistakes = result.misclassified;
    assert.equal(mistakes.length, 64);
    for (const [i, mistake] of mistakes.entries()) {
      assert.notEqual(mistake.label, mistake.predicted);
      assert.equal(mistake.pixels.length, 784);
      assert.ok(mistake.pixels.every((p) => Number.isInteger(p) && p >= 0 && p <= 255));
      if (i > 0) assert.ok(mistake.confidence <= mistakes[i - 1].confidence, 'most confident mistakes first');
    }
  });

  it('evaluates the run named with runDir, and says when the spec changed since', async () => {
    const dir = tempDir();
    const specFile = writeSpec(dir, mlpText({ seed: 2 }));
    const first = await train({ specFile, trainLimit: 500, testLimit: 10 });
    await train({ specFile, trainLimit: 500, testLimit: 10 });
    writeSpec(dir, mlpText({ seed: 2, activation: 'tanh' }));
    const events: TrainEvent[] = [];
    const outcome = await evaluate({ specFile, runDir: first.runDir, testLimit: 300 }, (event) => events.push(event));
    assert.equal(outcome.runDir, first.runDir);
    assert.equal(outcome.specChanged, true);
    assert.equal(outcome.result.samples, 300);
    const warning = events.find((event) => event.type === 'warning');
    assert.ok(warning && warning.type === 'warning');
    assert.match(warning.message, /^the spec of TestMLP changed since the run in .* was trained/);

    writeSpec(dir, mlpText({ seed: 2, name: 'Renamed' }));
    const renamed: TrainEvent[] = [];
    await evaluate({ specFile, runDir: first.runDir, testLimit: 10 }, (event) => renamed.push(event));
    const warnings = renamed.filter((event) => event.type === 'warning');
    assert.equal(warnings.length, 1);
    assert.match(warnings[0].type === 'warning' ? warnings[0].message : '', /^the run in .* was trained for model TestMLP, not Renamed;/);
  });

  it('refuses weights that no longer fit the model, and a model that has no run', async () => {
    const dir = tempDir();
    const specFile = writeSpec(dir, mlpText({ hidden: 32 }));
    await train({ specFile, trainLimit: 300, testLimit: 10 });
    writeSpec(dir, mlpText({ hidden: 48 }));
    await assert.rejects(evaluate({ specFile, testLimit: 10 }), (error: unknown) => {
      assert.ok(error instanceof EngineError);
      assert.match(error.message, /^the model's layers changed since the run in .* was trained \(dense\/kernel is \[784, 32\] in the run but \[784, 48\] now\); train it again before evaluating$/);
      return true;
    });
    writeSpec(dir, mlpText({ name: 'Untrained' }));
    await assert.rejects(
      evaluate({ specFile }),
      (error: unknown) => error instanceof EngineError && /^model Untrained has no finished run in .*\.dnn\/runs: train it first$/.test(error.message),
    );
  });

  it('refuses a spec with errors, saying it is for evaluating', async () => {
    const dir = tempDir();
    const specFile = writeSpec(dir, mlpText({ activation: 'rellu' }));
    await assert.rejects(evaluate({ specFile, testLimit: 10 }), (error: unknown) => {
      assert.ok(error instanceof EngineError);
      assert.match(error.message, /^model\.dnn has 1 error; fix it before evaluating:\n {2}model\.dnn:\d+:\d+: DNN203 /);
      return true;
    });
  });
});
