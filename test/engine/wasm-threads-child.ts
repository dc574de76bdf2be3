// Child process of wasm-threads.test.ts (the backend, and its thread count, is fixed once per
// process): `wasm-threads-child.ts THREADS` starts wasm with THREADS threads, takes the
// example CNN's gradients for weights and a batch read from stdin (JSON), and prints the
// thread count it got and the gradients as the last line of stdout (JSON).
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { initBackend } from '../../src/engine/backend';
import { cnnGradients, type GradientInput } from './wasm-threads-model';

async function main(): Promise<void> {
  const choice = await initBackend('wasm', undefined, Number(process.argv[2]));
  if (choice.backend !== 'wasm') throw new Error(`wasm did not start: ${choice.note}`);
  const input = JSON.parse(readFileSync(0, 'utf8')) as GradientInput;
  const outcome = cnnGradients(input);
  console.log(JSON.stringify({ threads: choice.threads, memory: tf.memory().numTensors, ...outcome }));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : String(error));
  process.exitCode = 1;
});
