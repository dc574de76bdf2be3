// The project's engine training the article's MLP (examples/mnist-mlp.dnn) on wasm through
// its public entry point `train()`, as the CLI and the extension run it: seconds of each
// epoch (validation included), the test-set evaluation, tensors and wasm heap after each
// epoch, and the process's peak RSS.
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { train } from '../../../server/src/engine/train';

export interface EngineRun {
  epochSeconds: number[];
  valAccuracy: number[];
  testAccuracy: number;
  evaluationSeconds: number;
  tensorsAfterEpoch: number[];
  heapBytesAfterEpoch: number[];
  peakRssBytes: number;
}

/** Size of the wasm backend's linear memory (it grows, never shrinks: growth shows a leak). */
function wasmHeapBytes(): number {
  return ((tf.backend() as BackendWasm).wasm as unknown as { HEAPU8: Uint8Array }).HEAPU8.byteLength;
}

export const ARTICLE_SPEC = join(__dirname, '..', '..', '..', 'examples', 'mnist-mlp.dnn');

export async function measureEngineRun(epochs: number): Promise<EngineRun> {
  const runsRoot = mkdtempSync(join(tmpdir(), 'dnn-bench-'));
  const run: EngineRun = { epochSeconds: [], valAccuracy: [], testAccuracy: NaN, evaluationSeconds: NaN, tensorsAfterEpoch: [], heapBytesAfterEpoch: [], peakRssBytes: 0 };
  try {
    const result = await train({ specFile: ARTICLE_SPEC, epochs, seed: 1, backend: 'wasm', runsRoot }, (event) => {
      if (event.type === 'epoch') {
        run.epochSeconds.push(event.seconds);
        run.valAccuracy.push(event.valAccuracy ?? NaN);
        run.tensorsAfterEpoch.push(tf.memory().numTensors);
        run.heapBytesAfterEpoch.push(wasmHeapBytes());
      } else if (event.type === 'evaluation') {
        run.testAccuracy = event.result.accuracy;
        run.evaluationSeconds = event.result.seconds;
      }
    });
    if (result.backend !== 'wasm') throw new Error(`the engine trained on ${result.backend}, not wasm`);
  } finally {
    rmSync(runsRoot, { recursive: true, force: true });
  }
  run.peakRssBytes = process.resourceUsage().maxRSS * 1024;
  return run;
}
