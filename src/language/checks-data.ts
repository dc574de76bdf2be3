// What the dataset implies: MNIST images hold 784 pixels, so the Input must hold 784 values;
// and a batch can't be larger than the training set left after the validation split.
import type { LayerState } from './analyze-layers';
import type { TrainingConfig } from './checks-training';
import { replaceWith } from './fixes';
import type { Reporter } from './report';
import { formatCount, formatShape } from './shapes';

export const mnist = { classes: 10, pixels: 784, trainSamples: 60000 } as const;

export function checkMnistInput(states: readonly LayerState[], reporter: Reporter): void {
  const input = states.find((state) => state.entry?.type === 'Input');
  const shape = input?.layer.config.shape;
  const value = input?.values.get('shape');
  if (!input || !Array.isArray(shape) || !value || input.failed) return;
  const size = (shape as number[]).reduce((a, b) => a * b, 1);
  if (size === mnist.pixels) return;
  const shapes = [[784], [28, 28, 1], [28, 28]];
  const sameRank = shapes.find((candidate) => candidate.length === shape.length);
  const fixes = shapes.map((candidate) => {
    const written = formatShape(candidate);
    return replaceWith(`Change the Input shape to ${written}`, value.range, written, candidate === sameRank);
  });
  reporter.report(
    'inputSizeMismatch',
    `MNIST images are 28x28 = 784 pixels, but Input shape ${formatShape(shape as number[])} holds ${formatCount(size)} values; use [784] or [28, 28, 1]`,
    value.range,
    fixes,
  );
}

/** Keras trains on the first `floor(n * (1 - validation_split))` samples. */
export function checkBatchSize(training: TrainingConfig, trainSamples: number, reporter: Reporter): void {
  const batchSize = training.fit.batch_size;
  // An unusable validation_split is reported on its own; the batch is judged without it.
  const split = typeof training.fit.validation_split === 'number' ? training.fit.validation_split : 0;
  const value = training.values.get('batch_size');
  if (typeof batchSize !== 'number' || !value) return;
  const available = Math.floor(trainSamples * (1 - split));
  if (batchSize <= available) return;
  reporter.report(
    'batchLargerThanData',
    `batch_size ${formatCount(batchSize)} is larger than the ${formatCount(available)} training samples left after validation_split; each epoch is one smaller batch`,
    value.range,
  );
}
