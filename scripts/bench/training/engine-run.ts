// The engine's `train()` run in process on the article's MLP (examples/mnist-mlp.dnn), on
// wasm, to look inside it: live tensors and wasm heap after each epoch (no growth means no
// leak), and how long the test-set evaluation takes.
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { train } from '../../../src/engine/train';

export interface EngineRun {
  evaluationSeconds: number;
  tensorsAfterEpoch: number[];
  heapBytesAfterEpoch: number[];
}

export const ARTICLE_SPEC = join(__dirname, '..', '..', '..', 'examples', 'mnist-mlp.dnn');

/** Size of the wasm backend's linear memory (it grows, never shrinks: growth shows a leak). */
function wasmHeapBytes(): number {
  return ((tf.backend() as BackendWasm).wasm as unknown as { HEAPU8: Uint8Array }).HEAPU8.byteLength;
}

export async function measureEngineRun(epochs: number): Promise<EngineRun> {
  const runsRoot = mkdtempSync(join(tmpdir(), 'dnn-bench-'));
  const run: EngineRun = { evaluationSeconds: NaN, tensorsAfterEpoch: [], heapBytesAfterEpoch: [] };
  try {
    const result = await train({ specFile: ARTICLE_SPEC, epochs, seed: 1, backend: 'wasm', runsRoot }, (event) => {
      if (event.type === 'epoch') {
        run.tensorsAfterEpoch.push(tf.memory().numTensors);
        run.heapBytesAfterEpoch.push(wasmHeapBytes());
      } else if (event.type === 'evaluation') {
        run.evaluationSeconds = event.result.seconds;
      }
    });
    if (result.backend !== 'wasm') throw new Error(`the engine trained on ${result.backend}, not wasm`);
  } finally {
    rmSync(runsRoot, { recursive: true, force: true });
  }
  return run;
}
