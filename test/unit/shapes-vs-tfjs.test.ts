// The property test behind "shapes follow TensorFlow.js exactly": hundreds of seeded random
// models, analyzed by us and built by tfjs itself (cpu backend, tfjs-reference.ts: through
// the catalogue's tfjs mapping and the engine's layer factory). Every layer's output shape and
// parameter count, the total and the shape of a real forward pass must agree; a model tfjs
// rejects must be one we reject too.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { analyze } from '../../src/language/analyzer';
import { layers } from '../../src/language/catalogue';
import { codes } from '../../src/language/codes';
import { seededRandom } from '../support/seeded-random';
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
  let accepted = 0;
  let rejectedByBoth = 0;
  const stricterThanTfjs = new Map<string, number>();
  const typesAccepted = new Set<string>();
  let tensorsLeaked = 0;

  for (let i = 0; i < modelCount; i++) {
    const { text, inputShape } = generateModel(random, shapeOf);
    const analysis = analyze(text + fitBlock);
    const context = `model #${i} (seed ${seed}):\n${text}`;
    // The generator writes valid syntax and well-typed values: any DNN1xx/DNN2xx is our bug.
    const nameErrors = analysis.diagnostics.filter((d) => /^DNN[12]/.test(d.code));
    assert.deepEqual(nameErrors, [], context);
    // Shape errors; whether the output is a vector of class scores is a training matter.
    const shapeErrors = analysis.diagnostics.filter(
      (d) => d.severity === 'error' && d.code.startsWith('DNN3') && d.code !== codes.outputNotClasses.code,
    );
    const tensorsBefore = tf.memory().numTensors;
    const tfjs = buildChainWithTfjs(analysis.layers, inputShape);
    // tfjs itself leaks the weights of a layer it refuses after building them: count only the rest.
    if (!tfjs.error) tensorsLeaked += tf.memory().numTensors - tensorsBefore;

    tfjs.layers.forEach((built, index) => {
      const ours = analysis.layers[index];
      if (ours?.outputShape === undefined) return;
      assert.deepEqual(ours.outputShape, built.outputShape, `${context}\nlayer ${index} (${ours.type}) output shape`);
      assert.equal(ours.params, built.params, `${context}\nlayer ${index} (${ours.type}) params`);
    });

    if (tfjs.error) {
      assert.ok(shapeErrors.length > 0, `${context}\ntfjs refused it (layer ${tfjs.error.index}: ${tfjs.error.message}) but we accepted it`);
      rejectedByBoth++;
    } else if (shapeErrors.length > 0) {
      // We may be stricter than tfjs only where tfjs builds an empty tensor (a window larger
      // than its input gives a size-0 axis, which tfjs lets through and Keras refuses), or
      // normalises over the batch axis (tfjs allows it when there is nothing to learn).
      const empty = tfjs.layers.some((built) => built.outputShape.some((dim) => dim === 0));
      const batchAxis = shapeErrors.every((error) => error.code === codes.invalidAxis.code && /Normalization axis/.test(error.message));
      assert.ok(empty || batchAxis, `${context}\nwe refused it (${shapeErrors[0]?.message}) but tfjs builds and runs it`);
      for (const error of shapeErrors) stricterThanTfjs.set(error.code, (stricterThanTfjs.get(error.code) ?? 0) + 1);
    } else {
      accepted++;
      for (const layer of analysis.layers) typesAccepted.add(layer.type);
      assert.equal(analysis.totalParams, tfjs.totalParams, `${context}\ntotal params`);
      const final = analysis.layers[analysis.layers.length - 1]?.outputShape;
      assert.deepEqual([1, ...(final?.slice(1) ?? [])], tfjs.predictedShape, `${context}\nforward pass shape`);
    }
  }

  t.diagnostic(
    `${accepted} accepted by both, ${rejectedByBoth} rejected by both, rejected by us only: ${JSON.stringify(Object.fromEntries(stricterThanTfjs))}`,
  );
  assert.ok(accepted >= modelCount * 0.4, `only ${accepted} of ${modelCount} generated models were valid: the test proves too little`);
  const missing = layers.map((entry) => entry.type).filter((type) => !typesAccepted.has(type) && !mergeLayerTypes.includes(type));
  assert.deepEqual(missing, [], 'every layer type but the merges (the graph test has them) must appear in an accepted model');
  assert.equal(tensorsLeaked, 0, 'models and tensors are disposed');
});
