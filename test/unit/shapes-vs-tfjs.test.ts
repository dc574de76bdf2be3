// The property test behind "shapes follow TensorFlow.js exactly": hundreds of seeded random
// models, analyzed by us and built by tfjs itself (cpu backend, tfjs-reference.ts: through
// the catalogue's tfjs mapping and the engine's layer factory). What must agree: agreement.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { analyze } from '../../src/language/analyzer';
import { layers } from '../../src/language/catalogue';
import { seededRandom } from '../support/seeded-random';
import { compareWithTfjs, Tally } from './agreement';
import { generateModel, mergeLayerTypes } from './random-models';
import { buildChainWithTfjs } from './tfjs-reference';

const modelCount = 800;
/** Fixed so failures reproduce; DNN_PROPERTY_SEED explores other models. */
const seed = Number(process.env.DNN_PROPERTY_SEED ?? 20240611);

/** An idx dataset keeps the MNIST-specific checks (10 classes, 784 pixels) out of the way. */
const fitBlock = 'fit {\n    dataset = idx(train_images="a", train_labels="b", test_images="c", test_labels="d")\n}\n';

/** Output shape (batch excluded) of a model text, for the generator's choices. */
function shapeOf(text: string): number[] | undefined {
  const analysis = analyze(text + fitBlock);
  const last = analysis.layers[analysis.layers.length - 1]?.outputShape;
  return last?.slice(1) as number[] | undefined;
}

test(`shapes and parameter counts agree with tfjs on ${modelCount} generated models`, async (t) => {
  await tf.setBackend('cpu');
  const random = seededRandom(seed);
  const tally = new Tally();
  let tensorsLeaked = 0;

  for (let i = 0; i < modelCount; i++) {
    const { text, inputShape } = generateModel(random, shapeOf);
    const analysis = analyze(text + fitBlock);
    const context = `model #${i} (seed ${seed}):\n${text}`;
    // The generator writes valid syntax and well-typed values: any DNN1xx/DNN2xx is our bug.
    const nameErrors = analysis.diagnostics.filter((d) => /^DNN[12]/.test(d.code));
    assert.deepEqual(nameErrors, [], context);
    const tensorsBefore = tf.memory().numTensors;
    const tfjs = buildChainWithTfjs(analysis.layers, inputShape);
    // tfjs itself leaks the weights of a layer it refuses after building them: count only the rest.
    if (!tfjs.error) tensorsLeaked += tf.memory().numTensors - tensorsBefore;
    tally.count(compareWithTfjs(analysis, tfjs, context), analysis.layers);
  }

  t.diagnostic(tally.describe('models'));
  assert.ok(tally.accepted >= modelCount * 0.4, `only ${tally.accepted} of ${modelCount} generated models were valid: the test proves too little`);
  const missing = layers.map((entry) => entry.type).filter((type) => !tally.typesAccepted.has(type) && !mergeLayerTypes.includes(type));
  assert.deepEqual(missing, [], 'every layer type but the merges (the graph test has them) must appear in an accepted model');
  assert.equal(tensorsLeaked, 0, 'models and tensors are disposed');
});
