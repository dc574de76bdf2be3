// The contract of a training loop: the epochs of one run, given everything the run's
// lifecycle (engine/train.ts) has set up. One thread (single-thread-loop.ts) and any
// parallel loop implement the same interface, so train.ts does not care which runs.
import type { EpochRecord, TrainEvent } from '../../protocol/engine';
import type { EpochBatches } from '../batches';
import type { BuiltModel } from '../build-model';
import type { DenseGradients } from '../fast/dense-gradients';
import type { WeightUpdater } from '../optimizer';
import type { SeededRandom } from '../rng';

/** Polled before every batch; true asks the loop to stop (after the batch in progress). */
export type StopCheck = () => boolean;

export interface TrainingLoopOptions {
  built: BuiltModel;
  updater: WeightUpdater;
  /** The hand-written gradient pass of Dense-only classifiers on wasm; undefined: tfjs autodiff. */
  fastGradients?: DenseGradients;
  /** The training samples, reordered each epoch. */
  batches: EpochBatches;
  /** Scored after every epoch (skipped when empty). */
  validation: { inputs: Float32Array; labels: Uint8Array };
  epochs: number;
  /** Reshuffle the training samples every epoch (with `random`). */
  shuffle: boolean;
  random: SeededRandom;
  onEvent: (event: TrainEvent) => void;
  shouldStop: StopCheck;
}

export interface LoopOutcome {
  /** One record per finished epoch. */
  history: EpochRecord[];
  /** Where the user stopped the run (1-based epoch, batches done in it), if they did. */
  stopped?: { epoch: number; batch: number };
}

export interface TrainingLoop {
  /** Runs the epochs; throws an EngineError when training diverges. */
  run(options: TrainingLoopOptions): Promise<LoopOutcome>;
}
