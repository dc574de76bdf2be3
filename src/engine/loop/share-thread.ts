// The entry of a data-parallel loop's thread (bundled to dist/engine/share-thread.js): one
// rank other than the coordinator. It starts its own single-threaded wasm backend, builds
// the model from the spec, takes the coordinator's initial weights and then serves commands
// through the shared control words until told to quit (or terminated).
import { parentPort, workerData } from 'node:worker_threads';
import type { ModelSpec } from '../../language/types';
import { initBackend } from '../backend';
import { buildModel } from '../build-model';
import { describeError } from '../errors';
import { createDenseGradients } from '../fast/dense-gradients';
import { createWeightUpdater } from '../optimizer';
import { SeededRandom } from '../rng';
import { ShareRank, type SharedSamples } from './share-rank';
import { Command, SharedStep, type SharedStepBuffers } from './shared-step';

export interface ShareThreadData {
  rank: number;
  spec: ModelSpec;
  buffers: SharedStepBuffers;
  samples: SharedSamples;
}

/** What a thread posts once (the steps themselves go through shared memory only). */
export type ShareThreadMessage = { kind: 'ready' } | { kind: 'failed'; message: string };

/** How long a wait lasts before looking again (nothing is polled faster than this). */
const WAIT_SLICE_MS = 1000;

async function serve(port: NonNullable<typeof parentPort>, data: ShareThreadData): Promise<void> {
  const shared = new SharedStep(data.buffers);
  let rank: ShareRank;
  try {
    const choice = await initBackend('wasm', undefined, 1);
    if (choice.backend !== 'wasm') throw new Error(choice.note ?? 'the wasm backend did not start');
    // The weights are the coordinator's; the seed only decides what is overwritten.
    const built = buildModel(data.spec, new SeededRandom(0));
    rank = new ShareRank(data.rank, shared, built, createWeightUpdater(data.spec), createDenseGradients(data.spec, built.model), data.samples);
    rank.readWeights(shared.weights);
  } catch (error) {
    port.postMessage({ kind: 'failed', message: describeError(error) } satisfies ShareThreadMessage);
    return;
  }
  port.postMessage({ kind: 'ready' } satisfies ShareThreadMessage);
  let seen = 0;
  for (;;) {
    const generation = shared.awaitCommand(seen, WAIT_SLICE_MS);
    if (generation === seen) continue;
    seen = generation;
    const { command, batchStart, batchSize, seeds } = shared.command();
    if (command === Command.quit) return;
    perform(shared, data.rank, () => (command === Command.step ? rank.computeShare(generation, batchStart, batchSize, seeds) : rank.scoreValidationShare()));
    shared.finish(data.rank, generation);
    if (command !== Command.step || shared.failed()) continue;
    // Every rank's share, then the update.
    if (!awaitRanks(shared, generation) || shared.failed()) continue;
    perform(shared, data.rank, () => rank.update(generation, batchSize));
  }
}

/** Runs `work`, recording its failure for the coordinator to report. */
function perform(shared: SharedStep, rank: number, work: () => void): void {
  try {
    work();
  } catch (error) {
    shared.fail(rank, describeError(error));
  }
}

/** Waits for every rank to finish its share of `generation`; false when the coordinator says to quit meanwhile. */
function awaitRanks(shared: SharedStep, generation: number): boolean {
  for (let other = 0; other < shared.ranks; other++) {
    while (!shared.finishedOrWait(other, generation, WAIT_SLICE_MS)) {
      if (shared.command().command === Command.quit) return false;
    }
  }
  return true;
}

if (parentPort) void serve(parentPort, workerData as ShareThreadData);
