// Shape arithmetic against the Keras formulas, and how shapes and figures are written.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { convOutputLength, deconvOutputLength, formatBytes, formatCount, formatDims, formatShape, sampleSize } from '../../src/language/shapes';

test('valid padding: floor((n - k) / s) + 1; same padding: ceil(n / s)', () => {
  for (let n = 1; n <= 30; n++) {
    for (let k = 1; k <= n; k++) {
      for (let s = 1; s <= 4; s++) {
        assert.equal(convOutputLength(n, k, s, 'valid'), Math.floor((n - k) / s) + 1, `valid n=${n} k=${k} s=${s}`);
        assert.equal(convOutputLength(n, k, s, 'same'), Math.ceil(n / s), `same n=${n} k=${k} s=${s}`);
      }
    }
  }
});

test('dilation widens the kernel to k + (k - 1)(d - 1)', () => {
  assert.equal(convOutputLength(28, 3, 1, 'valid', 2), 24);
  assert.equal(convOutputLength(28, 3, 1, 'same', 2), 28);
});

test('transposed convolution grows by the stride', () => {
  assert.equal(deconvOutputLength(7, 3, 2, 'same'), 14);
  assert.equal(deconvOutputLength(7, 3, 2, 'valid'), 15);
  assert.equal(deconvOutputLength(7, 1, 2, 'valid'), 14);
});

test('formats', () => {
  assert.equal(formatShape([null, 28, 28, 1]), '[null, 28, 28, 1]');
  assert.equal(formatDims([3, 3, 1, 32]), '3x3x1x32');
  assert.equal(formatCount(55050), '55,050');
  assert.equal(formatBytes(512), '512 bytes');
  assert.equal(formatBytes(3 * 1024 ** 3), '3.0 GiB');
  assert.equal(sampleSize([null, 5, 5, 64]), 1600);
  assert.equal(sampleSize([null, null]), undefined);
});
