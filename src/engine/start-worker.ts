// Starts a worker thread from an entry file: a bundled .js as it is, a .ts (running from
// source: tests, the bench) through tsx's require hook. One place for both kinds of worker
// the engine starts (a run's worker, runner.ts; the data-parallel loop's threads).
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export function startWorker(file: string, workerData: unknown): Worker {
  if (!file.endsWith('.ts')) return new Worker(file, { workerData });
  // createRequire keeps the bundler from trying to resolve tsx, which the bundles never load.
  const tsx = createRequire(__filename).resolve('tsx/cjs');
  return new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(file)});`, { eval: true, workerData });
}
