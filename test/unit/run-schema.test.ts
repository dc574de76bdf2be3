// The run-file schema (issue 10) replayed over test/hostile/run-files/: every damaged
// metrics.json or model.json is refused with a RunFileError naming the file and the field,
// never another error; the files a real run writes pass.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { RunFileError, validateMetrics, validateModelJson } from '../../src/engine/run-schema';

const corpus = join(__dirname, '..', 'hostile', 'run-files');
const expected: Record<string, string> = {
  'metrics-null.json': 'metrics-null.json must hold a JSON object, found null',
  'metrics-42.json': 'metrics-42.json must hold a JSON object, found 42',
  'metrics-list.json': 'metrics-list.json must hold a JSON object, found a list',
  'metrics-empty.json': 'metrics-empty.json: "model" must be a non-empty text, it is missing',
  'metrics-bad-date.json': 'metrics-bad-date.json: "createdAt" must be a date and time (ISO 8601), found the text "yesterday"',
  'metrics-loss-text.json': 'metrics-loss-text.json: "history[0].loss" must be a number, found the text "low"',
  'model-null.json': 'model-null.json must hold a JSON object, found null',
  'model-manifest-object.json': 'model-manifest-object.json: "weightsManifest" must be a list, found an object',
  'model-weight-no-shape.json': 'model-weight-no-shape.json: "weightsManifest[0].weights[0].shape" must be a list, it is missing',
  'model-shape-string.json': 'model-shape-string.json: "weightsManifest[0].weights[0].shape" must be a list, found the text "784,64"',
  'model-duplicate-names.json': 'model-duplicate-names.json: the weight name "dense/kernel" appears twice (weightsManifest[0].weights[0].name and weightsManifest[0].weights[1].name)',
  'model-shape-1e308.json': 'model-shape-1e308.json: "weightsManifest[0].weights[0].shape[0]" must be a whole number from 0 to 2147483647, found 1e+308',
};

describe('run-file schema over the hostile corpus', () => {
  it('every file of test/hostile/run-files/ is refused with its file and field', () => {
    const files = readdirSync(corpus).sort();
    assert.deepEqual(files, Object.keys(expected).sort(), 'each corpus file has its expected message');
    for (const name of files) {
      const value = JSON.parse(readFileSync(join(corpus, name), 'utf8')) as unknown;
      const validate = name.startsWith('metrics') ? validateMetrics : validateModelJson;
      assert.throws(() => validate(value, name), (error: unknown) => error instanceof RunFileError && error.message === expected[name], name);
    }
  });

  it('what a run writes passes', () => {
    const metrics = { model: 'M', specHash: 'abc', createdAt: '2025-01-01T00:00:00.000Z', history: [{ epoch: 1, loss: 0.3, accuracy: 0.9 }], status: 'completed', test: { loss: 0.2, accuracy: 0.95 }, config: { epochs: 1 }, timings: { totalSeconds: 1 } };
    assert.equal(validateMetrics(metrics, 'metrics.json'), metrics);
    const model = { modelTopology: { class_name: 'Model' }, weightsManifest: [{ paths: ['./weights.bin'], weights: [{ name: 'dense/kernel', shape: [784, 64], dtype: 'float32' }, { name: 'dense/bias', shape: [64], dtype: 'float32' }] }] };
    assert.deepEqual(validateModelJson(model, 'model.json').weights.map((w) => w.name), ['dense/kernel', 'dense/bias']);
  });
});
