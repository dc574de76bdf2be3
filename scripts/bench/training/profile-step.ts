// Where one training step of a .dnn model goes, per kernel: `tf.profile` over N steps of
// the engine's own step (its model builder, tfjs autodiff with src/engine/fast's kernels,
// its weight updater) on real MNIST, with the step's CPU time (process.cpuUsage, less
// sensitive to other processes than wall time). The numbers behind docs/performance.md's
// per-kernel tables.
// Usage: npx tsx scripts/bench/training/profile-step.ts SPEC.dnn [THREADS=1] [STEPS=20] [BATCH=64]
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../src/engine/backend';
import { readFileSync } from 'node:fs';
import { autodiffStep } from './autodiff-step';

async function main(): Promise<void> {
  const [specFile, threadsArg = '1', stepsArg = '20', batchArg = '64'] = process.argv.slice(2);
  if (!specFile) throw new Error('usage: profile-step.ts SPEC.dnn [THREADS] [STEPS] [BATCH]');
  const [threads, steps, batch] = [threadsArg, stepsArg, batchArg].map(Number);
  const choice = await initBackend('wasm', undefined, threads);
  const step = await autodiffStep(readFileSync(specFile, 'utf8'), specFile, batch);
  for (let i = 0; i < 5; i++) step(); // warm-up: first calls compile and allocate
  const cpu = process.cpuUsage();
  const wall = performance.now();
  for (let i = 0; i < steps; i++) step();
  const used = process.cpuUsage(cpu);
  const wallMs = (performance.now() - wall) / steps;
  const info = await tf.profile(() => { for (let i = 0; i < steps; i++) step(); });
  const byKernel = new Map<string, { ms: number; calls: number }>();
  for (const k of info.kernels) {
    const entry = byKernel.get(k.name) ?? { ms: 0, calls: 0 };
    entry.ms += Number(k.kernelTimeMs) || 0;
    entry.calls += 1;
    byKernel.set(k.name, entry);
  }
  const total = [...byKernel.values()].reduce((sum, e) => sum + e.ms, 0);
  console.log(`${specFile}: ${choice.threads} thread(s), batch ${batch}, ${steps} steps: ${wallMs.toFixed(1)} ms wall, ${((used.user + used.system) / 1000 / steps).toFixed(1)} ms CPU per step; kernels ${(total / steps).toFixed(1)} ms per step (under tf.profile)`);
  for (const [name, e] of [...byKernel].sort((a, b) => b[1].ms - a[1].ms)) {
    console.log(`  ${name.padEnd(28)} ${(e.ms / steps).toFixed(2).padStart(7)} ms  ${((100 * e.ms) / total).toFixed(1).padStart(5)}%  ${(e.calls / steps).toFixed(0)} calls`);
  }
}

main().catch((error) => { console.error(error); process.exit(1); });
