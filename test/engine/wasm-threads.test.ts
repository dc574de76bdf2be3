// The wasm backend on one thread (the stock build) and on two (the threaded build started by
// fast/threaded-wasm.ts) computes the example CNN's gradients as plain tfjs autodiff on the
// cpu backend does, on real MNIST images. Each wasm run is its own process: a process starts
// its backend, and its thread count, once.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { assertClose, mnistBatch, useBackend } from './fast-support';
import { cnnGradients, type GradientInput, type GradientOutcome } from './wasm-threads-model';

const BATCH = 16;

function onWasm(threads: number, input: GradientInput): GradientOutcome & { threads: number } {
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'wasm-threads-child.ts'), String(threads)], { input: JSON.stringify(input), encoding: 'utf8', timeout: 120_000, maxBuffer: 256 * 1024 * 1024 });
  assert.equal(child.status, 0, `the child with ${threads} thread(s) failed: ${child.stderr.slice(-1500)}`);
  return JSON.parse(child.stdout.trim().split('\n').pop() ?? '') as GradientOutcome & { threads: number };
}

describe('wasm with one and with two threads', { timeout: 300_000 }, () => {
  it('starts the build asked for and gets the example CNN gradients of cpu autodiff', async () => {
    const batch = mnistBatch(BATCH, 200);
    await useBackend('cpu');
    const reference = cnnGradients({ pixels: Array.from(batch.pixels), oneHot: Array.from(batch.oneHot) });
    const input: GradientInput = { weights: reference.weights, pixels: Array.from(batch.pixels), oneHot: Array.from(batch.oneHot) };
    for (const threads of [1, 2]) {
      const outcome = onWasm(threads, input);
      assert.equal(outcome.threads, threads, `wasm computes with ${threads} thread(s)`);
      assertClose([outcome.loss], [reference.loss], `loss, ${threads} thread(s)`, 1e-4);
      outcome.grads.forEach((g, i) => {
        // Relative to the tensor's largest entry: convolution gradients sum thousands of float32 products.
        const scale = reference.grads[i].reduce((m, v) => Math.max(m, Math.abs(v)), 0);
        assertClose(g, reference.grads[i], `gradient of weight ${i}, ${threads} thread(s)`, 1e-3, 1e-3 * scale);
      });
    }
  });

  it('refuses a thread count below 1', async () => {
    const { initBackend } = await import('../../src/engine/backend');
    await assert.rejects(initBackend('wasm', undefined, 0), /threads must be a whole number of at least 1, got 0/);
  });
});
