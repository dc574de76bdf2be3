// The property test of shapes-vs-tfjs.test.ts for graph models: hundreds of seeded random
// graphs (random-graphs.ts: residual blocks, projection shortcuts, Inception-style
// concatenation, squeeze-excitation gates, Dense branches with every merge), checked by the
// real `dnn check --json` (one process for all of them) and built by tfjs with its functional
// API (tfjs-reference.ts). For every layer, the inputs `dnn check` names must be the ones the
// generator wrote; shapes, parameters and verdicts must agree with tfjs's (agreement.ts).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import type { CheckedFile } from '../../src/cli/check';
import { analyze } from '../../src/language/analyzer';
import { seededRandom } from '../support/seeded-random';
import { compareWithTfjs, Tally } from './agreement';
import { generateGraphModel, type GeneratedGraph } from './random-graphs';
import { mergeLayerTypes } from './random-models';
import { buildGraphWithTfjs } from './tfjs-reference';

const graphCount = 400;
/** Fixed so failures reproduce; DNN_PROPERTY_SEED explores other graphs. */
const seed = Number(process.env.DNN_PROPERTY_SEED ?? 20261201);

const root = join(__dirname, '..', '..');
/** An idx dataset keeps the MNIST-specific checks (10 classes, 784 pixels) out of the way. */
const fitBlock = 'fit {\n    dataset = idx(train_images="a", train_labels="b", test_images="c", test_labels="d")\n}\n';

/** Output shape (batch excluded) of the last line of a model text, for the generator's choices. */
function shapeOf(text: string): number[] | undefined {
  const analysis = analyze(text + fitBlock);
  const last = analysis.layers[analysis.layers.length - 1]?.outputShape;
  return last?.slice(1) as number[] | undefined;
}

/** `dnn check --json` on every file at once. */
function checkAll(files: string[]): CheckedFile[] {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src', 'cli', 'dnn.ts'), 'check', '--json', ...files], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
    timeout: 600_000,
  });
  assert.ok(run.status === 0 || run.status === 1, `dnn check exited with ${run.status} ${run.signal ?? ''}: ${run.stderr}`);
  const checked = (JSON.parse(run.stdout) as { files: CheckedFile[] }).files;
  assert.equal(checked.length, files.length);
  return checked;
}

test(`shapes, parameters and inputs agree with tfjs on ${graphCount} generated graphs`, { timeout: 900_000 }, async (t) => {
  await tf.setBackend('cpu');
  const random = seededRandom(seed);
  const dir = mkdtempSync(join(tmpdir(), 'dnn-graphs-'));
  const graphs: GeneratedGraph[] = [];
  const files: string[] = [];
  for (let i = 0; i < graphCount; i++) {
    const graph = generateGraphModel(random, shapeOf);
    const file = join(dir, `graph${i}.dnn`);
    writeFileSync(file, graph.text + fitBlock);
    graphs.push(graph);
    files.push(file);
  }
  const checked = checkAll(files);

  const tally = new Tally();
  let tensorsLeaked = 0;
  graphs.forEach((graph, i) => {
    const json = checked[i] as CheckedFile;
    const context = `graph #${i} (seed ${seed}):\n${graph.text}`;
    // The generator writes valid syntax, names defined above and well-typed values: any
    // DNN1xx/DNN2xx error is our bug.
    const nameErrors = json.diagnostics.filter((d) => d.severity === 'error' && /^DNN[12]/.test(d.code));
    assert.deepEqual(nameErrors, [], context);
    assert.deepEqual(json.layers.map((layer) => layer.type), graph.nodes.map((node) => node.type), `${context}\nlayer types`);
    const indexOf = new Map(json.layers.map((layer, index) => [layer.name, index]));
    json.layers.forEach((layer, index) => {
      const inputs = layer.inputs.map((name) => indexOf.get(name));
      assert.deepEqual(inputs, graph.nodes[index]?.inputs, `${context}\nlayer ${index} (${layer.name}) inputs ${JSON.stringify(layer.inputs)}`);
    });

    // The configurations tfjs is given are the analyzer's resolved ones (defaults filled in).
    const analysis = analyze(graph.text + fitBlock);
    const tensorsBefore = tf.memory().numTensors;
    const tfjs = buildGraphWithTfjs(analysis.layers, graph.nodes.map((node) => node.inputs), graph.inputShape);
    if (!tfjs.error) tensorsLeaked += tf.memory().numTensors - tensorsBefore;
    tally.count(compareWithTfjs(json, tfjs, context), json.layers);
  });

  t.diagnostic(tally.describe('graphs'));
  assert.ok(tally.accepted >= graphCount * 0.4, `only ${tally.accepted} of ${graphCount} generated graphs were valid: the test proves too little`);
  assert.ok(tally.rejectedByBoth >= graphCount * 0.05, `only ${tally.rejectedByBoth} of ${graphCount} generated graphs were refused: the refusals are not tested`);
  const missing = mergeLayerTypes.filter((type) => !tally.typesAccepted.has(type));
  assert.deepEqual(missing, [], 'every merge layer must appear in an accepted graph');
  assert.equal(tensorsLeaked, 0, 'models and tensors are disposed');
});
