// Run folders: never overwritten (same second, concurrent creators), the latest finished
// run found by time, the model saved in the tfjs format and loaded back only into a model
// whose weights have the same shapes.
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { initBackend } from '../../src/engine/backend';
import { EngineError } from '../../src/engine/errors';
import type { RunMetrics } from '../../src/protocol/engine';
import { createRunDir, latestRun, markRunFinished, readableJson, readMetrics, readRunSpec, runTimestamp, specHash, writeMetrics, writeRunSpec } from '../../src/engine/runs';
import { loadSavedWeights, saveModel } from '../../src/engine/saved-model';
import type { ModelSpec } from '../../src/language/types';
import { runMetrics } from '../support/run-metrics';
import { tempDir } from './idx-files';

function denseModel(hidden: number): tf.Sequential {
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [4], units: hidden, activation: 'relu' }));
  model.add(tf.layers.dense({ units: 3, activation: 'softmax' }));
  return model;
}

function metrics(createdAt: string): RunMetrics {
  return runMetrics({ model: 'M', createdAt, backend: 'cpu' });
}

const spec: ModelSpec = {
  name: 'M',
  inputShape: [784],
  inputName: 'input_layer',
  layers: [{ type: 'Dense', name: 'dense', config: { units: 10, activation: 'softmax', use_bias: true }, inputs: ['input_layer'] }],
  outputName: 'dense',
  compile: { optimizer: { name: 'adam', args: { learning_rate: 0.001 } }, loss: 'categorical_crossentropy', metrics: ['accuracy'] },
  fit: { dataset: { kind: 'mnist' }, epochs: 1, batchSize: 32, validationSplit: 0, shuffle: true },
  outputShape: [null, 10],
  totalParams: 7850,
  trainableParams: 7850,
};

describe('run folders', () => {
  before(async () => {
    await initBackend('cpu');
  });

  it('never reuses a folder: runs started in the same second get suffixes', async () => {
    const root = tempDir();
    const now = new Date(2025, 10, 25, 23, 19, 5);
    const first = await createRunDir(root, 'MnistMLP', now);
    const second = await createRunDir(root, 'MnistMLP', now);
    assert.equal(first, join(root, 'MnistMLP', '2025-11-25_23-19-05'));
    assert.equal(second, join(root, 'MnistMLP', '2025-11-25_23-19-05-2'));
    writeFileSync(join(first, 'keep.txt'), 'mine');
    const many = await Promise.all(Array.from({ length: 12 }, () => createRunDir(root, 'MnistMLP', now)));
    assert.equal(new Set([first, second, ...many]).size, 14);
    assert.equal(readFileSync(join(first, 'keep.txt'), 'utf8'), 'mine');
    assert.equal(readdirSync(join(root, 'MnistMLP')).length, 14);
  });

  it('keeps odd model names inside the runs folder', async () => {
    const root = tempDir();
    const dir = await createRunDir(root, '../../etc', new Date());
    assert.ok(dir.startsWith(join(root, '_')), dir);
    assert.equal(runTimestamp(new Date(2024, 0, 2, 3, 4, 5)), '2024-01-02_03-04-05');
  });

  it('finds the latest finished run by time and ignores unfinished folders', async () => {
    const root = tempDir();
    assert.equal(await latestRun(root, 'M'), undefined);
    const older = await createRunDir(root, 'M', new Date(2025, 0, 1));
    const newer = await createRunDir(root, 'M', new Date(2025, 0, 2));
    await createRunDir(root, 'M', new Date(2025, 0, 3)); // no metrics.json: unfinished
    // metrics.json written but the marker still there: killed before the end, unfinished too.
    await writeMetrics(await createRunDir(root, 'M', new Date(2025, 0, 4)), metrics('2025-01-04T00:00:00.000Z'));
    for (const [dir, at] of [[older, '2025-01-01T00:00:00.000Z'], [newer, '2025-01-02T00:00:00.000Z']]) {
      await writeMetrics(dir, metrics(at));
      await markRunFinished(dir);
    }
    assert.equal(await latestRun(root, 'M'), newer);
  });

  it('says whether a --run folder is missing or just unfinished', async () => {
    const root = tempDir();
    const missing = join(root, 'nowhere');
    await assert.rejects(readMetrics(missing), (error: Error) => error instanceof EngineError && error.message === `${missing} is not a run: no such folder`);
    const file = join(root, 'notes.txt');
    writeFileSync(file, 'not a run');
    await assert.rejects(readMetrics(file), (error: Error) => error instanceof EngineError && error.message === `${file} is not a run: it is a file, not a run folder`);
    const unfinished = await createRunDir(root, 'M');
    const unfinishedMessage = `${unfinished} is an unfinished run: its training ended before the run was saved (killed, or the process crashed); train again`;
    await assert.rejects(readMetrics(unfinished), (error: Error) => error instanceof EngineError && error.kind === 'input' && error.message === unfinishedMessage);
    await writeMetrics(unfinished, metrics('2025-01-01T00:00:00.000Z'));
    await assert.rejects(readMetrics(unfinished), (error: Error) => error instanceof EngineError && error.message === unfinishedMessage);
    await markRunFinished(unfinished);
    assert.equal((await readMetrics(unfinished)).createdAt, '2025-01-01T00:00:00.000Z');
  });

  it('saves model.json + weights.bin that tf.loadLayersModel reads, and loads them back', async () => {
    const dir = tempDir();
    const model = denseModel(5);
    await saveModel(model, dir);
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    assert.equal(json.format, 'layers-model');
    assert.deepEqual(json.weightsManifest[0].paths, ['./weights.bin']);
    assert.equal(readFileSync(join(dir, 'weights.bin')).length, (4 * 5 + 5 + 5 * 3 + 3) * 4);

    const weightData = new Uint8Array(readFileSync(join(dir, 'weights.bin'))).buffer;
    const loaded = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData }));
    const input = tf.ones([1, 4]);
    assert.deepEqual(await (loaded.predict(input) as tf.Tensor).array(), await (model.predict(input) as tf.Tensor).array());

    const fresh = denseModel(5);
    await loadSavedWeights(fresh, dir);
    assert.deepEqual(await (fresh.predict(input) as tf.Tensor).array(), await (model.predict(input) as tf.Tensor).array());
  });

  it('refuses weights whose shapes no longer fit the model, naming the first difference', async () => {
    const dir = tempDir();
    await saveModel(denseModel(5), dir);
    await assert.rejects(loadSavedWeights(denseModel(6), dir), (error: unknown) => {
      assert.ok(error instanceof EngineError);
      assert.match(error.message, /^the model's layers changed since the run in .* was trained \(dense_Dense\d+\/kernel is \[4, 5\] in the run but \[4, 6\] now\); train it again before evaluating$/);
      return true;
    });
    writeFileSync(join(dir, 'weights.bin'), new Uint8Array(12));
    await assert.rejects(loadSavedWeights(denseModel(5), dir), /weights\.bin is damaged: expected 172 bytes of float32 weights, found 12/);
  });

  it('hashes the topology and compile config, not the fit settings or key order', () => {
    const base = specHash(spec);
    assert.equal(specHash({ ...spec, fit: { ...spec.fit, epochs: 9 } }), base);
    const reordered = { ...spec, layers: [{ ...spec.layers[0], config: { use_bias: true, activation: 'softmax', units: 10 } }] };
    assert.equal(specHash(reordered), base);
    assert.notEqual(specHash({ ...spec, layers: [{ ...spec.layers[0], config: { ...spec.layers[0].config, activation: 'sigmoid' } }] }), base);
    assert.notEqual(specHash({ ...spec, compile: { ...spec.compile, loss: 'mean_squared_error' } }), base);
  });

  it('keeps the hash a chain had before graph models, so its runs still match', () => {
    // The value the hash had before layers named their inputs (runs recorded then carry it).
    assert.equal(specHash(spec), '77ab77b08c4d3f49');
    // A chain's names are not part of it: only a graph's connections are.
    const renamed: ModelSpec = { ...spec, inputName: 'x', layers: [{ ...spec.layers[0], name: 'out', inputs: ['x'] }], outputName: 'out' };
    assert.equal(specHash(renamed), '77ab77b08c4d3f49');
  });

  it('hashes a graph with its connections, by position and not by name', () => {
    const dense = (name: string, inputs: string[]) => ({ type: 'Dense', name, config: { units: 10, activation: 'relu', use_bias: true }, inputs });
    const add = (inputs: string[]) => ({ type: 'Add', name: 'add', config: {}, inputs });
    const graph = (a: string[], b: string[], sum: string[]): ModelSpec => ({ ...spec, layers: [dense('a', a), dense('b', b), add(sum)], outputName: 'add' });
    // a -> b and a + b, against a and b side by side from the input, summed.
    const residual = graph(['input_layer'], ['a'], ['a', 'b']);
    const parallel = graph(['input_layer'], ['input_layer'], ['a', 'b']);
    assert.notEqual(specHash(residual), specHash(parallel));
    // The same layers as a chain (each takes the one above) hash differently from both.
    assert.notEqual(specHash(graph(['input_layer'], ['a'], ['b'])), specHash(residual));
    const renamed: ModelSpec = {
      ...residual,
      inputName: 'x',
      layers: [dense('p', ['x']), dense('q', ['p']), { ...add(['p', 'q']), name: 'sum' }],
      outputName: 'sum',
    };
    assert.equal(specHash(renamed), specHash(residual));
  });

  it('writes metrics.json readable by people: number arrays on one line', () => {
    const text = readableJson({ a: [1, 2, 3], b: { c: 'x' }, d: [{ e: 1 }], skipped: undefined });
    assert.equal(text, '{\n  "a": [1,2,3],\n  "b": {\n    "c": "x"\n  },\n  "d": [\n    {\n      "e": 1\n    }\n  ]\n}');
    assert.deepEqual(JSON.parse(text), { a: [1, 2, 3], b: { c: 'x' }, d: [{ e: 1 }] });
  });

  it('records the spec a run was trained from and reads it back (undefined when absent or damaged)', async () => {
    const dir = await createRunDir(tempDir(), 'M', new Date());
    assert.equal(await readRunSpec(dir), undefined);
    await writeRunSpec(dir, spec);
    assert.deepEqual(await readRunSpec(dir), spec);
    writeFileSync(join(dir, 'spec.json'), '{"name": ');
    assert.equal(await readRunSpec(dir), undefined);
  });
});
