// Our SIMD module (src/engine/fast/simd): the committed module is what kernels.c compiles
// to (clang and lld must be installed: the test fails without them), and the kernels keep
// working on tfjs's heap after it grows (a growth moves no tensor but replaces the buffer).
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { assertClose, onBothBackends, seededValues, useBackend } from './fast-support';

const ROOT = join(__dirname, '..', '..');
/** The backend's heap as Emscripten keeps it (not in tfjs's type declarations). */
const heapBytes = () => ((tf.backend() as BackendWasm).wasm as unknown as { HEAPU8: Uint8Array }).HEAPU8.buffer.byteLength;
const tensorOf = (shape: number[], seed: number) => tf.tensor(seededValues(shape.reduce((a, b) => a * b, 1), seed), shape);

describe('SIMD kernels module', { timeout: 120_000 }, () => {
  it('the committed kernels-wasm.ts is what scripts/build-simd-kernels.mjs builds from kernels.c', () => {
    const folder = mkdtempSync(join(tmpdir(), 'dnn-simd-test-'));
    try {
      const out = join(folder, 'kernels-wasm.ts');
      const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-simd-kernels.mjs'), out], { encoding: 'utf8', timeout: 60_000 });
      assert.equal(build.status, 0, `the build failed (is clang installed? apt-get install -y clang lld): ${build.stderr}`);
      assert.equal(readFileSync(out, 'utf8'), readFileSync(join(ROOT, 'src', 'engine', 'fast', 'simd', 'kernels-wasm.ts'), 'utf8'), 'kernels-wasm.ts is stale: run npm run build:simd');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('gives the same results before and after the wasm heap grows', async () => {
    const compute = () => {
      const x = tensorOf([4, 12, 12, 6], 41);
      const dy = tensorOf([4, 10, 10, 10], 42);
      const filterGradient = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dimRoundingMode: undefined, filterShape: [3, 3, 6, 10] } as unknown as tf.NamedAttrMap) as tf.Tensor;
      const pooled = tf.maxPool(x as tf.Tensor4D, 2, 2, 'valid');
      const poolGradient = tf.engine().runKernel('MaxPoolGrad', { dy: tensorOf(pooled.shape as number[], 43), input: x, output: pooled }, { filterSize: [2, 2], strides: [2, 2], pad: 'valid' } as unknown as tf.NamedAttrMap) as tf.Tensor;
      return [filterGradient, poolGradient, tf.sum(dy, [0, 1, 2])];
    };
    const before = await onBothBackends(compute);
    await useBackend('wasm');
    const bytesBefore = heapBytes();
    // More than the heap holds now: tfjs's allocator grows the memory.
    const large = tf.zeros([bytesBefore / 4 + 1024 * 1024]);
    const after = tf.tidy(() => compute().map((t) => Float32Array.from(t.dataSync())));
    const bytesAfter = heapBytes();
    large.dispose();
    assert.ok(bytesAfter > bytesBefore, `the heap grew (${bytesBefore} -> ${bytesAfter} bytes)`);
    ['filter gradient', 'pool gradient', 'sum'].forEach((what, i) => {
      assert.deepEqual(after[i], before.wasm[i], `${what}: the same after the growth`);
      assertClose(after[i], before.cpu[i], what, 1e-4, 1e-4);
    });
  });
});
