// Backend choice: wasm from local binaries by default; the cpu backend, with a note saying
// why, when the binaries are missing or broken; cpu on request.
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { initBackend, wasmDirectory } from '../../src/engine/backend';
import { tempDir } from './idx-files';

describe('backend', () => {
  it('finds the wasm binaries in node_modules from source, and in wasm/ beside a bundle', () => {
    assert.match(wasmDirectory() ?? '', /node_modules\/@tensorflow\/tfjs-backend-wasm\/dist$/);
    const dist = tempDir();
    mkdirSync(join(dist, 'wasm'));
    writeFileSync(join(dist, 'wasm', 'tfjs-backend-wasm.wasm'), '');
    assert.equal(wasmDirectory(join(dist, 'cli')), join(dist, 'wasm'));
  });

  it('falls back to cpu with a note when the wasm binaries are missing', async () => {
    const choice = await initBackend('wasm', null);
    assert.equal(choice.backend, 'cpu');
    assert.match(choice.note ?? '', /tfjs-backend-wasm\.wasm\) were not found next to the extension; training on the slower cpu backend/);
    assert.equal(tf.getBackend(), 'cpu');
  });

  it('falls back to cpu with a note when the wasm binaries cannot start', async () => {
    const broken = tempDir();
    for (const name of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']) writeFileSync(join(broken, name), 'not wasm');
    // Emscripten prints the compile error of the broken binary to stderr: expected here.
    const choice = await initBackend('wasm', broken);
    assert.deepEqual(choice, { backend: 'cpu', threads: 1, note: 'the wasm backend could not start; training on the slower cpu backend' });
    assert.deepEqual([...tf.tensor([1, 2]).add(1).dataSync()], [2, 3], 'the cpu backend works');
  });
});
