// The merge layers' shape rules against tfjs itself: each case is applied with tfjs's
// functional API (`tf.layers.add().apply([tf.input(...), ...])`) and must give our output
// shape, or be refused by both. Concatenate along the batch axis, which tfjs lets through,
// is refused here (DNN315).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { findLayer } from '../../src/language/catalogue';
import type { Shape } from '../../src/language/types';

const elementwise: number[][][] = [
  [[4, 4, 8], [4, 4, 8]],
  [[4, 4, 8], [1, 1, 8]],
  [[1, 1, 8], [4, 4, 8]],
  [[4, 4, 8], [4, 4, 16]],
  [[8], [3, 8]],
  [[3, 8], [8]],
  [[1], [5]],
  [[2, 3], [3, 2]],
  [[4, 4, 8], [4, 4, 8], [1, 1, 8]],
  [[6], [6], [6], [1]],
  [[5, 1], [1, 7]],
];

function tfjsShape(apply: (inputs: tf.SymbolicTensor[]) => tf.SymbolicTensor | tf.SymbolicTensor[] | tf.Tensor | tf.Tensor[], shapes: number[][]): Shape | 'error' {
  try {
    const out = apply(shapes.map((shape) => tf.input({ shape }))) as tf.SymbolicTensor;
    return out.shape as Shape;
  } catch {
    return 'error';
  }
}

function ourShape(type: string, shapes: number[][], config: Record<string, number> = {}): Shape | 'error' {
  const entry = findLayer(type);
  assert.ok(entry, type);
  const result = entry.outputShape(
    shapes.map((shape) => [null, ...shape]),
    { ...Object.fromEntries(entry.args.map((arg) => [arg.name, arg.default ?? null])), ...config },
  );
  return 'error' in result ? 'error' : result.shape;
}

test('Add, Multiply, Average, Maximum, Minimum broadcast size-1 axes exactly as tfjs', () => {
  const factories: Record<string, (inputs: tf.SymbolicTensor[]) => tf.SymbolicTensor> = {
    Add: (inputs) => tf.layers.add().apply(inputs) as tf.SymbolicTensor,
    Multiply: (inputs) => tf.layers.multiply().apply(inputs) as tf.SymbolicTensor,
    Average: (inputs) => tf.layers.average().apply(inputs) as tf.SymbolicTensor,
    Maximum: (inputs) => tf.layers.maximum().apply(inputs) as tf.SymbolicTensor,
    Minimum: (inputs) => tf.layers.minimum().apply(inputs) as tf.SymbolicTensor,
  };
  let refused = 0;
  for (const [type, apply] of Object.entries(factories)) {
    for (const shapes of elementwise) {
      const expected = tfjsShape(apply, shapes);
      if (expected === 'error') refused++;
      assert.deepEqual(ourShape(type, shapes), expected, `${type} ${JSON.stringify(shapes)}`);
    }
  }
  assert.ok(refused > 0, 'some cases are refused by tfjs');
});

test('Subtract (two inputs) broadcasts like the other element-wise merges', () => {
  for (const shapes of elementwise.filter((s) => s.length === 2)) {
    assert.deepEqual(ourShape('Subtract', shapes), tfjsShape((inputs) => tf.layers.add().apply(inputs) as tf.SymbolicTensor, shapes), JSON.stringify(shapes));
  }
});

test('Concatenate: every other axis equal, the axis summed, as tfjs', () => {
  const cases: [number[][], number][] = [
    [[[4, 4, 8], [4, 4, 16]], -1],
    [[[4, 4, 8], [4, 5, 8]], -1],
    [[[4, 4, 8], [4, 5, 8]], 2],
    [[[4, 4, 8], [4, 5, 8]], -2],
    [[[4, 8], [4, 4, 8]], -1],
    [[[10], [20], [30]], -1],
    [[[3, 4], [5, 4]], 1],
  ];
  for (const [shapes, axis] of cases) {
    const expected = tfjsShape((inputs) => tf.layers.concatenate({ axis }).apply(inputs) as tf.SymbolicTensor, shapes);
    assert.deepEqual(ourShape('Concatenate', shapes, { axis }), expected, `axis ${axis} ${JSON.stringify(shapes)}`);
  }
  assert.equal(ourShape('Concatenate', [[4, 8], [4, 8]], { axis: 0 }), 'error', 'the batch axis is refused');
});
