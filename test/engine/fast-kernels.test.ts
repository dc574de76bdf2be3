// The wasm kernel fixes (installWasmKernelFixes) against the cpu backend: every transpose
// combination of BatchMatMul and _FusedMatMul, Conv2DBackpropFilter for strides, padding
// and layouts, Slice, GatherV2 and Identity; and every kernel a Conv2D model needs to train
// is registered for wasm.
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertClose, onBothBackends, seededValues, useBackend } from './fast-support';

const tensorOf = (shape: number[], seed: number, dtype: 'float32' | 'int32' = 'float32') =>
  dtype === 'float32' ? tf.tensor(seededValues(shape.reduce((a, b) => a * b, 1), seed), shape) : tf.tensor(Int32Array.from(seededValues(shape.reduce((a, b) => a * b, 1), seed), (v) => Math.round(v * 100)), shape, 'int32');

describe('wasm BatchMatMul and _FusedMatMul with transposes', () => {
  const cases: { a: number[]; b: number[]; transposeA: boolean; transposeB: boolean }[] = [];
  for (const transposeA of [false, true]) {
    for (const transposeB of [false, true]) {
      // rank 2, batched rank 3, broadcast batch, rank 4, and the MLP's gradient shapes.
      const m = 5, k = 7, n = 3;
      const shapeA = (batch: number[]) => [...batch, ...(transposeA ? [k, m] : [m, k])];
      const shapeB = (batch: number[]) => [...batch, ...(transposeB ? [n, k] : [k, n])];
      cases.push({ a: shapeA([]), b: shapeB([]), transposeA, transposeB });
      cases.push({ a: shapeA([4]), b: shapeB([4]), transposeA, transposeB });
      cases.push({ a: shapeA([4]), b: shapeB([1]), transposeA, transposeB });
      cases.push({ a: shapeA([2, 3]), b: shapeB([2, 3]), transposeA, transposeB });
      cases.push({ a: transposeA ? [128, 784] : [784, 128], b: transposeB ? [64, 128] : [128, 64], transposeA, transposeB });
      cases.push({ a: transposeA ? [64, 128] : [128, 64], b: transposeB ? [784, 64] : [64, 784], transposeA, transposeB });
      // The SIMD product's remainders: rows and columns past its 4 x 8 tiles, inner past its 128-long blocks.
      cases.push({ a: transposeA ? [300, 9] : [9, 300], b: transposeB ? [13, 300] : [300, 13], transposeA, transposeB });
      cases.push({ a: transposeA ? [2, 130, 6] : [2, 6, 130], b: transposeB ? [2, 1, 130] : [2, 130, 1], transposeA, transposeB });
    }
  }
  for (const c of cases) {
    it(`matMul ${JSON.stringify(c.a)}${c.transposeA ? 'ᵀ' : ''} · ${JSON.stringify(c.b)}${c.transposeB ? 'ᵀ' : ''}`, async () => {
      const results = await onBothBackends(() => tf.matMul(tensorOf(c.a, 1), tensorOf(c.b, 2), c.transposeA, c.transposeB));
      // Sums of `inner` terms of size ~1 in different orders: float32 rounding grows with it.
      const inner = c.transposeA ? c.a[c.a.length - 2] : c.a[c.a.length - 1];
      assertClose(results.wasm[0], results.cpu[0], 'product', 1e-4, 1e-6 * inner);
    });
  }
  // Products of a ReLU-like operand (half of it zero), NaN among them (it must propagate),
  // widths off the SIMD kernels' tiles (50, 3), and the example CNN's Dense product
  // (32x1600 · 1600x64).
  const simdCases: [number, number, number][] = [[32, 1600, 64], [9, 50, 3], [3, 5, 50], [1, 4, 1]];
  for (const [m, k, n] of simdCases) {
    for (const [transposeA, transposeB] of [[false, false], [true, false], [false, true]]) {
      it(`one pair with zeros: ${m}x${k} · ${k}x${n}, transposeA=${transposeA} transposeB=${transposeB}`, async () => {
        const results = await onBothBackends(() => {
          const values = seededValues(m * k, 11).map((v, i) => (i === 3 ? NaN : Math.max(0, v)));
          const a = tf.tensor(values, transposeA ? [1, k, m] : [1, m, k]);
          return tf.matMul(a, tensorOf(transposeB ? [1, n, k] : [1, k, n], 12), transposeA, transposeB);
        });
        const nanAt = (values: Float32Array) => [...values.keys()].filter((i) => Number.isNaN(values[i]));
        assert.ok(nanAt(results.cpu[0]).length > 0, 'the NaN reaches the product');
        assert.deepEqual(nanAt(results.wasm[0]), nanAt(results.cpu[0]), 'NaN where the cpu backend has it');
        const finite = (values: Float32Array) => values.map((v) => (Number.isNaN(v) ? 0 : v));
        assertClose(finite(results.wasm[0]), finite(results.cpu[0]), 'product', 1e-4, 1e-6 * k);
      });
    }
  }
  // Batch 1, as Dense layers call it: the stock wasm _FusedMatMul gets batches > 1 wrong
  // with a bias even without transposes (a tfjs 4.22 bug outside what layers use).
  for (const [transposeA, transposeB] of [[false, false], [true, false], [false, true], [true, true]]) {
    it(`fused matMul + bias + relu, transposeA=${transposeA} transposeB=${transposeB}`, async () => {
      const results = await onBothBackends(() =>
        tf.fused.matMul({ a: tensorOf(transposeA ? [1, 6, 4] : [1, 4, 6], 3), b: tensorOf(transposeB ? [1, 5, 6] : [1, 6, 5], 4), transposeA, transposeB, bias: tensorOf([5], 5), activation: 'relu' }),
      );
      assertClose(results.wasm[0], results.cpu[0], 'fused product');
    });
  }
});

describe('wasm Conv2DBackpropFilter', () => {
  const cases: { x: number[]; filter: [number, number, number, number]; strides: [number, number]; pad: 'same' | 'valid' | number; dataFormat?: 'NHWC' | 'NCHW' }[] = [
    { x: [2, 8, 8, 1], filter: [3, 3, 1, 4], strides: [1, 1], pad: 'valid' },
    { x: [2, 8, 8, 3], filter: [3, 3, 3, 5], strides: [1, 1], pad: 'same' },
    { x: [1, 9, 7, 2], filter: [3, 2, 2, 3], strides: [2, 2], pad: 'same' },
    { x: [3, 10, 10, 2], filter: [5, 5, 2, 2], strides: [2, 3], pad: 'valid' },
    { x: [2, 6, 6, 2], filter: [3, 3, 2, 2], strides: [1, 1], pad: 1 },
    { x: [1, 5, 5, 4], filter: [1, 1, 4, 6], strides: [1, 1], pad: 'valid' },
    { x: [2, 3, 8, 8], filter: [3, 3, 3, 4], strides: [1, 1], pad: 'same', dataFormat: 'NCHW' },
    { x: [32, 28, 28, 1], filter: [3, 3, 1, 16], strides: [1, 1], pad: 'valid' },
    // The SIMD kernel's tiles are 4 taps x 8 outputs: taps (fh·fw·c) and outputs that are
    // not multiples of them take its remainder paths (4-wide, then one output at a time).
    { x: [2, 7, 7, 3], filter: [3, 3, 3, 5], strides: [1, 1], pad: 'valid' },
    { x: [1, 11, 9, 6], filter: [2, 3, 6, 13], strides: [1, 1], pad: 'same' },
    { x: [3, 12, 12, 1], filter: [3, 3, 1, 3], strides: [2, 2], pad: 'same' },
    { x: [2, 13, 13, 32], filter: [3, 3, 32, 64], strides: [1, 1], pad: 'valid' },
    { x: [1, 10, 11, 5], filter: [4, 4, 5, 9], strides: [3, 2], pad: 'same' },
    // Output rows of 70 pixels: blocks of one row (the kernel sums ~64 pixels per block).
    { x: [2, 5, 72, 2], filter: [3, 3, 2, 8], strides: [1, 1], pad: 'valid' },
  ];
  for (const c of cases) {
    it(`x ${JSON.stringify(c.x)} filter ${JSON.stringify(c.filter)} strides ${c.strides} pad ${c.pad} ${c.dataFormat ?? 'NHWC'}`, async () => {
      const dataFormat = c.dataFormat ?? 'NHWC';
      const results = await onBothBackends(() => {
        const x = tensorOf(c.x, 6);
        // dy of the right shape: the forward convolution's output shape.
        const xNhwc = dataFormat === 'NHWC' ? x : tf.transpose(x, [0, 2, 3, 1]);
        const yShape = tf.conv2d(xNhwc as tf.Tensor4D, tf.zeros(c.filter) as tf.Tensor4D, c.strides, c.pad).shape;
        const dyShape = dataFormat === 'NHWC' ? yShape : [yShape[0], yShape[3], yShape[1], yShape[2]];
        const dy = tensorOf(dyShape, 7);
        return tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: c.strides, pad: c.pad, dataFormat, dimRoundingMode: undefined, filterShape: c.filter } as unknown as tf.NamedAttrMap) as tf.Tensor;
      });
      // Each value sums batch·outHeight·outWidth products of values in [-1, 1]: XNNPACK adds
      // them in float32, the cpu backend in doubles; the rounding noise grows like √terms.
      const [height, width] = dataFormat === 'NHWC' ? [c.x[1], c.x[2]] : [c.x[2], c.x[3]];
      const terms = c.x[0] * height * width;
      assertClose(results.wasm[0], results.cpu[0], 'filter gradient', 1e-4, 1e-5 * Math.sqrt(terms));
    });
  }
});

describe('wasm Conv2D forward', () => {
  // The SIMD kernel's tiles are 4 pixels of a row x 8 outputs (then 4, then 1); filters
  // above 16 KB go a block of 8 outputs at a time, smaller ones whole.
  const cases: { x: [number, number, number, number]; filter: [number, number, number, number]; strides: [number, number]; pad: 'same' | 'valid' | number; dilations?: [number, number] }[] = [
    { x: [3, 28, 28, 1], filter: [3, 3, 1, 32], strides: [1, 1], pad: 'valid' },
    { x: [2, 13, 13, 32], filter: [3, 3, 32, 64], strides: [1, 1], pad: 'valid' },
    { x: [1, 9, 7, 3], filter: [3, 3, 3, 13], strides: [1, 1], pad: 'same' },
    { x: [2, 10, 11, 5], filter: [3, 2, 5, 6], strides: [2, 2], pad: 'same' },
    { x: [1, 12, 9, 2], filter: [3, 3, 2, 9], strides: [1, 1], pad: 'valid', dilations: [2, 2] },
    { x: [2, 7, 7, 40], filter: [3, 3, 40, 70], strides: [2, 1], pad: 1 },
    { x: [1, 5, 6, 4], filter: [1, 1, 4, 3], strides: [1, 1], pad: 'valid' },
  ];
  for (const c of cases) {
    it(`x ${JSON.stringify(c.x)} filter ${JSON.stringify(c.filter)} strides ${c.strides} pad ${c.pad}${c.dilations ? ` dilations ${c.dilations}` : ''}`, async () => {
      const results = await onBothBackends(() => tf.conv2d(tensorOf(c.x, 51) as tf.Tensor4D, tensorOf(c.filter, 52) as tf.Tensor4D, c.strides, c.pad, 'NHWC', c.dilations ?? [1, 1]));
      assertClose(results.wasm[0], results.cpu[0], 'convolution', 1e-4, 1e-5 * Math.sqrt(c.filter[0] * c.filter[1] * c.filter[2]));
    });
  }
});

describe('wasm Conv2DBackpropInput', () => {
  const cases: { x: [number, number, number, number]; filter: [number, number, number, number]; strides: [number, number]; pad: 'same' | 'valid' | number; dataFormat?: 'NHWC' | 'NCHW' }[] = [
    { x: [2, 8, 8, 1], filter: [3, 3, 1, 4], strides: [1, 1], pad: 'valid' },
    { x: [2, 8, 8, 3], filter: [3, 3, 3, 5], strides: [1, 1], pad: 'same' },
    { x: [1, 9, 7, 2], filter: [3, 2, 2, 3], strides: [2, 2], pad: 'same' },
    { x: [3, 10, 10, 2], filter: [5, 5, 2, 2], strides: [2, 3], pad: 'valid' },
    { x: [2, 6, 6, 2], filter: [3, 3, 2, 2], strides: [1, 1], pad: 1 },
    { x: [2, 3, 8, 8], filter: [3, 3, 3, 4], strides: [1, 1], pad: 'same', dataFormat: 'NCHW' },
    { x: [16, 13, 13, 32], filter: [3, 3, 32, 64], strides: [1, 1], pad: 'valid' },
  ];
  for (const c of cases) {
    it(`x ${JSON.stringify(c.x)} filter ${JSON.stringify(c.filter)} strides ${c.strides} pad ${c.pad} ${c.dataFormat ?? 'NHWC'}`, async () => {
      const dataFormat = c.dataFormat ?? 'NHWC';
      const nhwc = dataFormat === 'NHWC' ? c.x : ([c.x[0], c.x[2], c.x[3], c.x[1]] as [number, number, number, number]);
      const yShape = tf.tidy(() => tf.conv2d(tf.zeros(nhwc) as tf.Tensor4D, tf.zeros(c.filter) as tf.Tensor4D, c.strides, c.pad).shape);
      const dyShape = dataFormat === 'NHWC' ? yShape : [yShape[0], yShape[3], yShape[1], yShape[2]];
      const results = await onBothBackends(
        () => tf.engine().runKernel('Conv2DBackpropInput', { dy: tensorOf(dyShape, 13), filter: tensorOf(c.filter, 14) }, { strides: c.strides, pad: c.pad, dataFormat, dimRoundingMode: undefined, inputShape: c.x } as unknown as tf.NamedAttrMap) as tf.Tensor,
      );
      // Each value sums up to filterHeight·filterWidth·outChannels products.
      assertClose(results.wasm[0], results.cpu[0], 'input gradient', 1e-4, 1e-5 * Math.sqrt(c.filter[0] * c.filter[1] * c.filter[3]));
    });
  }
});

describe('wasm depthwise convolution gradients', () => {
  const cases: { x: [number, number, number, number]; filter: [number, number, number, number]; strides: [number, number]; pad: 'same' | 'valid' }[] = [
    { x: [2, 8, 8, 3], filter: [3, 3, 3, 1], strides: [1, 1], pad: 'valid' },
    { x: [2, 7, 9, 2], filter: [3, 3, 2, 2], strides: [2, 2], pad: 'same' },
    { x: [1, 10, 10, 4], filter: [5, 3, 4, 3], strides: [1, 2], pad: 'same' },
  ];
  for (const c of cases) {
    const attrs = { strides: c.strides, pad: c.pad, dilations: [1, 1], dimRoundingMode: undefined };
    const dyShape = () => tf.tidy(() => tf.depthwiseConv2d(tf.zeros(c.x) as tf.Tensor4D, tf.zeros(c.filter) as tf.Tensor4D, c.strides, c.pad).shape as number[]);
    it(`filter gradient, x ${JSON.stringify(c.x)} filter ${JSON.stringify(c.filter)} strides ${c.strides} ${c.pad}`, async () => {
      const results = await onBothBackends(() => tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x: tensorOf(c.x, 15), dy: tensorOf(dyShape(), 16) }, { ...attrs, filterShape: c.filter } as unknown as tf.NamedAttrMap) as tf.Tensor);
      assertClose(results.wasm[0], results.cpu[0], 'filter gradient');
    });
    it(`input gradient, x ${JSON.stringify(c.x)} filter ${JSON.stringify(c.filter)} strides ${c.strides} ${c.pad}`, async () => {
      const results = await onBothBackends(() => tf.engine().runKernel('DepthwiseConv2dNativeBackpropInput', { dy: tensorOf(dyShape(), 17), filter: tensorOf(c.filter, 18) }, { ...attrs, inputShape: c.x } as unknown as tf.NamedAttrMap) as tf.Tensor);
      assertClose(results.wasm[0], results.cpu[0], 'input gradient');
    });
  }
});

describe('wasm MaxPoolGrad', () => {
  const cases: { x: number[]; pool: [number, number]; strides: [number, number]; pad: 'same' | 'valid' }[] = [
    { x: [2, 8, 8, 3], pool: [2, 2], strides: [2, 2], pad: 'valid' },
    // 2x2/2 windows all inside the input (the unrolled path), odd sizes leaving a row and a column out.
    { x: [2, 9, 7, 5], pool: [2, 2], strides: [2, 2], pad: 'valid' },
    { x: [3, 26, 26, 8], pool: [2, 2], strides: [2, 2], pad: 'valid' },
    { x: [2, 6, 6, 3], pool: [2, 2], strides: [2, 2], pad: 'same' },
    { x: [2, 7, 7, 2], pool: [2, 2], strides: [2, 2], pad: 'same' },
    { x: [1, 9, 9, 4], pool: [3, 3], strides: [2, 2], pad: 'valid' },
    { x: [2, 6, 5, 1], pool: [3, 2], strides: [1, 1], pad: 'same' },
    // Channels past the last multiple of 4 (the SIMD path's scalar remainder), one channel.
    { x: [2, 6, 6, 1], pool: [2, 2], strides: [2, 2], pad: 'valid' },
    { x: [1, 11, 11, 6], pool: [2, 2], strides: [2, 2], pad: 'valid' },
    { x: [1, 11, 11, 64], pool: [2, 2], strides: [2, 2], pad: 'valid' },
  ];
  for (const c of cases) {
    for (const ties of [false, true]) {
      it(`x ${JSON.stringify(c.x)} pool ${c.pool} strides ${c.strides} ${c.pad}${ties ? ', with ties (relu zeros)' : ''}`, async () => {
        const results = await onBothBackends(() => {
          // After a relu most windows hold several equal zeros: the gradient must go to the same one.
          const x = ties ? tf.relu(tf.round(tensorOf(c.x, 11).mul(2))) : tensorOf(c.x, 11);
          const dy = tensorOf(tf.maxPool(x as tf.Tensor4D, c.pool, c.strides, c.pad).shape as number[], 12);
          return tf.engine().runKernel('MaxPoolGrad', { dy, input: x, output: tf.maxPool(x as tf.Tensor4D, c.pool, c.strides, c.pad) }, { filterSize: c.pool, strides: c.strides, pad: c.pad } as unknown as tf.NamedAttrMap) as tf.Tensor;
        });
        assertClose(results.wasm[0], results.cpu[0], 'input gradient');
      });
    }
  }

  // NaN and -Infinity never win a window; a window of only those gets no gradient; a
  // value after a NaN still can. On the 2x2 path (4 channels: SIMD; 3 more: scalar) and the general one.
  for (const c of [{ pool: [2, 2], strides: [2, 2], pad: 'valid' }, { pool: [3, 3], strides: [2, 2], pad: 'same' }] as const) {
    it(`NaN and -Infinity in the windows, pool ${c.pool} strides ${c.strides} ${c.pad}`, async () => {
      const shape: [number, number, number, number] = [2, 6, 6, 7];
      const values = seededValues(shape.reduce((a, b) => a * b, 1), 31);
      for (let i = 0; i < values.length; i++) {
        if (i % 5 === 0) values[i] = NaN;
        else if (i % 7 === 0) values[i] = -Infinity;
        else if (i % 11 < 3) values[i] = 0.5; // ties
      }
      // Whole windows of NaN (first 2x2 of sample 0, channel 2) and of -Infinity (channel 3).
      for (const [row, col] of [[0, 0], [0, 1], [1, 0], [1, 1]]) {
        values[(row * 6 + col) * 7 + 2] = NaN;
        values[(row * 6 + col) * 7 + 3] = -Infinity;
      }
      const results = await onBothBackends(() => {
        const x = tf.tensor(values, shape) as tf.Tensor4D;
        const output = tf.maxPool(x, c.pool as [number, number], c.strides as [number, number], c.pad);
        const dy = tensorOf(output.shape as number[], 32);
        return tf.engine().runKernel('MaxPoolGrad', { dy, input: x, output }, { filterSize: c.pool, strides: c.strides, pad: c.pad } as unknown as tf.NamedAttrMap) as tf.Tensor;
      });
      assertClose(results.wasm[0], results.cpu[0], 'input gradient');
    });
  }
});

describe('wasm Sum over leading axes (bias gradients)', () => {
  const cases: { shape: number[]; axis: number | number[]; keepDims: boolean }[] = [
    { shape: [64, 26, 26, 32], axis: [0, 1, 2], keepDims: false },
    { shape: [3, 5, 7, 6], axis: [0, 1, 2], keepDims: true },
    { shape: [7, 10], axis: 0, keepDims: false },
    { shape: [5, 3, 4], axis: [1, 0], keepDims: false },
    { shape: [6, 4, 3], axis: [0], keepDims: true },
    { shape: [0, 4], axis: 0, keepDims: false },
    // Widths past the SIMD kernel's 16-column blocks, one row, one column.
    { shape: [9, 33], axis: 0, keepDims: false },
    { shape: [1, 20], axis: 0, keepDims: false },
    { shape: [50, 1], axis: 0, keepDims: true },
    { shape: [2, 3, 16], axis: [0, 1], keepDims: false },
    // Not leading: the stock kernel (and its transpose) still does these.
    { shape: [4, 5, 6], axis: [0, 2], keepDims: false },
    { shape: [4, 5], axis: [0, 1], keepDims: false },
  ];
  for (const c of cases) {
    it(`sum ${JSON.stringify(c.shape)} over ${JSON.stringify(c.axis)}${c.keepDims ? ', keepDims' : ''}`, async () => {
      const compute = () => tf.sum(tensorOf(c.shape, 21), c.axis, c.keepDims);
      const results = await onBothBackends(compute);
      // Sums of up to 43,264 terms of size ~1 in a different order.
      assertClose(results.wasm[0], results.cpu[0], 'sum', 1e-4, 1e-5 * Math.sqrt(c.shape.reduce((a, b) => a * b, 1)));
      await useBackend('cpu');
      const expectedShape = tf.tidy(() => compute().shape);
      await useBackend('wasm');
      assert.deepEqual(tf.tidy(() => compute().shape), expectedShape);
    });
  }
});

describe('wasm Add, Sub, Multiply and RealDiv', () => {
  // A vector over the last axes on either side (the SIMD kernel, with widths past its 4-lane
  // steps), and what it leaves to the stock kernel: one shape, other broadcasts, int32.
  const cases: { a: number[]; b: number[]; dtype?: 'int32' }[] = [
    { a: [4, 6, 6, 16], b: [16] },
    { a: [4, 6, 6, 16], b: [4, 6, 6, 16] },
    { a: [1, 1, 1, 16], b: [4, 6, 6, 16] },
    { a: [3, 5, 7], b: [5, 7] },
    { a: [7], b: [2, 3, 7] },
    { a: [1, 6], b: [6] },
    { a: [6, 1], b: [6, 10] },
    { a: [5, 3], b: [] },
    { a: [4, 6], b: [4, 6], dtype: 'int32' },
  ];
  const operations = { Add: tf.add, Sub: tf.sub, Multiply: tf.mul, RealDiv: tf.div } as const;
  for (const [name, operation] of Object.entries(operations)) {
    for (const c of cases) {
      it(`${name} ${c.dtype ?? 'float32'} ${JSON.stringify(c.a)} and ${JSON.stringify(c.b)}`, async () => {
        const compute = () => {
          const a = tensorOf(c.a, 71, c.dtype);
          // Zeros, NaN and infinities among b's values: the same IEEE results as the cpu backend's.
          const b = c.dtype ? tensorOf(c.b, 72, c.dtype) : tf.where(tf.less(tensorOf(c.b, 73), -0.8), tf.scalar(0), tensorOf(c.b, 72));
          const withSpecials = !c.dtype && tf.util.sizeFromShape(c.b) > 3;
          return operation(a, withSpecials ? tf.concat([tf.tensor1d([NaN, Infinity, -0]), b.flatten().slice(3)]).reshape(b.shape) : b);
        };
        const results = await onBothBackends(() => compute().toFloat());
        assert.deepEqual(results.wasm[0], results.cpu[0]);
        await useBackend('wasm');
        assert.deepEqual(tf.tidy(() => compute().shape), tf.backend_util.assertAndGetBroadcastShape(c.a, c.b));
      });
    }
  }
});

describe('wasm Tile', () => {
  const cases: { shape: number[]; reps: number[]; dtype?: 'int32' }[] = [
    { shape: [1, 1, 1, 16], reps: [8, 5, 5, 1] }, // the BatchNormalization gradient's tiles
    { shape: [3], reps: [4] },
    { shape: [2, 3], reps: [3, 2] },
    { shape: [2, 1, 3], reps: [1, 4, 2], dtype: 'int32' },
    { shape: [2, 3, 1, 2, 2], reps: [2, 1, 3, 1, 2] },
    { shape: [1, 2, 1, 2, 1, 2], reps: [2, 1, 2, 1, 2, 1] },
    { shape: [2, 2], reps: [0, 3] },
  ];
  for (const c of cases) {
    it(`tile ${c.dtype ?? 'float32'} ${JSON.stringify(c.shape)} by ${JSON.stringify(c.reps)}`, async () => {
      const compute = () => tf.tile(tensorOf(c.shape, 61, c.dtype), c.reps);
      const results = await onBothBackends(() => compute().toFloat());
      assert.deepEqual(results.wasm[0], results.cpu[0]);
      await useBackend('wasm');
      assert.deepEqual(tf.tidy(() => compute().shape), c.shape.map((size, i) => size * c.reps[i]));
    });
  }
});

describe('wasm Slice, GatherV2 and Identity', () => {
  const slices: { shape: number[]; begin: number[]; size: number[] }[] = [
    { shape: [10], begin: [3], size: [4] },
    { shape: [6, 5], begin: [2, 0], size: [3, 5] },
    { shape: [6, 5], begin: [1, 2], size: [4, 2] },
    { shape: [3, 4, 5], begin: [1, 1, 1], size: [2, 2, 3] },
    { shape: [2, 3, 4, 5], begin: [0, 1, 0, 2], size: [2, 2, 4, 2] },
    { shape: [2, 2, 3, 4, 5], begin: [1, 0, 1, 1, 0], size: [1, 2, 2, 3, 5] },
    { shape: [4, 3], begin: [1, 0], size: [0, 3] },
  ];
  for (const s of slices) {
    for (const dtype of ['float32', 'int32'] as const) {
      it(`slice ${dtype} ${JSON.stringify(s.shape)} from ${JSON.stringify(s.begin)} size ${JSON.stringify(s.size)}`, async () => {
        const results = await onBothBackends(() => tf.slice(tensorOf(s.shape, 8, dtype), s.begin, s.size).toFloat());
        assert.deepEqual(results.wasm[0], results.cpu[0]);
      });
    }
  }
  const gathers: { shape: number[]; indices: number[]; indicesShape: number[]; axis: number; batchDims?: number }[] = [
    { shape: [6, 4], indices: [5, 0, 2, 2], indicesShape: [4], axis: 0 },
    { shape: [6, 40], indices: [3, 1], indicesShape: [2], axis: 0 },
    { shape: [3, 5, 2], indices: [4, 0, 1], indicesShape: [3], axis: 1 },
    { shape: [3, 5, 20], indices: [4, 0, 1, 3], indicesShape: [2, 2], axis: 1 },
    { shape: [2, 5, 3], indices: [1, 4, 0, 2], indicesShape: [2, 2], axis: 1, batchDims: 1 },
  ];
  for (const g of gathers) {
    it(`gather axis ${g.axis} batchDims ${g.batchDims ?? 0} from ${JSON.stringify(g.shape)} indices ${JSON.stringify(g.indicesShape)}`, async () => {
      const results = await onBothBackends(() => tf.gather(tensorOf(g.shape, 9), tf.tensor(g.indices, g.indicesShape, 'int32'), g.axis, g.batchDims ?? 0));
      assert.deepEqual(results.wasm[0], results.cpu[0]);
    });
  }
  it('gather refuses an index out of range with a clear message', async () => {
    await useBackend('wasm');
    const x = tf.ones([3, 2]);
    assert.throws(() => tf.gather(x, tf.tensor1d([0, 3], 'int32')), /index value 3 is not in \[0, 2\]/);
    x.dispose();
  });
  it('identity shares the data: a clone costs no copy, and data is freed with its last tensor', async () => {
    await useBackend('wasm');
    const before = tf.memory().numDataBuffers;
    const x = tf.tensor(seededValues(1000, 10), [10, 100]);
    const clone = tf.clone(x);
    assert.equal(tf.memory().numDataBuffers - before, 1, 'a clone shares its source data');
    x.dispose();
    assert.deepEqual(clone.dataSync(), seededValues(1000, 10));
    clone.dispose();
    assert.equal(tf.memory().numDataBuffers, before);
  });
});

describe('every kernel a Conv2D model needs is registered for wasm', () => {
  it('the small CNN: forward and backward', async () => {
    await useBackend('cpu');
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 16, kernelSize: 3, activation: 'relu' }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }),
        tf.layers.averagePooling2d({ poolSize: 2 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 10, activation: 'softmax' }),
      ],
    });
    const x = tf.ones([2, 28, 28, 1]);
    const y = tf.oneHot(tf.tensor1d([1, 2], 'int32'), 10);
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const profile = await tf.profile(() => {
      tf.tidy(() => {
        tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, variables);
      });
    });
    const kernels = [...new Set(profile.kernels.map((k) => k.name))];
    assert.ok(kernels.includes('Conv2DBackpropFilter'), `the profile saw the filter gradient: ${kernels.join(' ')}`);
    await useBackend('wasm');
    const missing = kernels.filter((name) => tf.getKernel(name, 'wasm') === undefined && !name.endsWith('__op'));
    assert.deepEqual(missing, []);
    model.dispose();
    tf.dispose([x, y]);
  });
});
