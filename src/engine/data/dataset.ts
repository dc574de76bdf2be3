// Loads a model's data set (MNIST or any IDX files named in `fit`), checks it fits the
// model (sample size against the Input shape, labels against the output classes) and
// turns it into what the training loop needs: pixels scaled to [0, 1] and labels encoded
// as the loss expects (one-hot or integer).
import { basename, dirname, resolve } from 'node:path';
import type { DatasetSpec } from '../../language/types';
import { EngineError } from '../errors';
import { mapIdxFiles, readIdxImages, readIdxLabels, type IdxFiles, type IdxImages, type IdxLabels } from './idx';
import { mnistFiles } from './mnist';

export interface Samples {
  count: number;
  /** count × rows × columns grey levels 0..255 (kept for drawing misclassified digits). */
  pixels: Uint8Array;
  labels: Uint8Array;
}

/** Where images come from and their size. */
export interface ImageSet {
  /** `mnist` or the training images' file name, for messages. */
  name: string;
  rows: number;
  columns: number;
}

export interface Dataset extends ImageSet {
  train: Samples;
  test: Samples;
}

export interface TestSet extends ImageSet {
  test: Samples;
}

export interface DatasetLimits {
  /** Keep only the first N training samples. */
  train?: number;
  /** Keep only the first N test samples. */
  test?: number;
}

/** How samples are fed to a model: its Input shape (no batch dimension), its classes and the label encoding of its loss. */
export interface SampleEncoding {
  inputShape: number[];
  classes: number;
  labels: 'onehot' | 'integer';
}

/** The IDX files of a data set; `idx(...)` paths are relative to the .dnn file. */
export function datasetFiles(spec: DatasetSpec, specFile: string): IdxFiles {
  if (spec.kind === 'mnist') return mnistFiles();
  const base = dirname(specFile);
  return mapIdxFiles(spec, (file) => resolve(base, file));
}

export async function loadDataset(spec: DatasetSpec, specFile: string, limits: DatasetLimits = {}): Promise<Dataset> {
  const files = datasetFiles(spec, specFile);
  const [trainImages, trainLabels, testImages, testLabels] = await Promise.all([
    readIdxImages(files.trainImages),
    readIdxLabels(files.trainLabels),
    readIdxImages(files.testImages),
    readIdxLabels(files.testLabels),
  ]);
  const train = pairUp(trainImages, trainLabels, files.trainImages, files.trainLabels, limits.train);
  const test = pairUp(testImages, testLabels, files.testImages, files.testLabels, limits.test);
  if (trainImages.rows !== testImages.rows || trainImages.columns !== testImages.columns) {
    throw new EngineError(
      `${basename(files.trainImages)} has ${trainImages.rows}x${trainImages.columns} images but ${basename(files.testImages)} has ${testImages.rows}x${testImages.columns} images`,
    );
  }
  return { name: datasetName(spec, files), rows: trainImages.rows, columns: trainImages.columns, train, test };
}

/** Only the test part (evaluating a saved run needs no training data). */
export async function loadTestSet(spec: DatasetSpec, specFile: string, limit?: number): Promise<TestSet> {
  const files = datasetFiles(spec, specFile);
  const [images, labels] = await Promise.all([readIdxImages(files.testImages), readIdxLabels(files.testLabels)]);
  const test = pairUp(images, labels, files.testImages, files.testLabels, limit);
  return { name: datasetName(spec, files), rows: images.rows, columns: images.columns, test };
}

function datasetName(spec: DatasetSpec, files: IdxFiles): string {
  return spec.kind === 'mnist' ? 'mnist' : basename(files.trainImages);
}

function pairUp(images: IdxImages, labels: IdxLabels, imagesFile: string, labelsFile: string, limit: number | undefined): Samples {
  if (images.count !== labels.count) {
    throw new EngineError(
      `${basename(imagesFile)} has ${images.count.toLocaleString('en-US')} images but ${basename(labelsFile)} has ${labels.count.toLocaleString('en-US')} labels`,
    );
  }
  const count = limit === undefined ? images.count : Math.min(limit, images.count);
  const size = images.rows * images.columns;
  return { count, pixels: images.pixels.subarray(0, count * size), labels: labels.labels.subarray(0, count) };
}

/** Refuses a data set that cannot feed the model, saying why. */
export function checkDatasetFitsModel(dataset: ImageSet & { train?: Samples; test: Samples }, encoding: SampleEncoding): void {
  const sampleSize = dataset.rows * dataset.columns;
  const inputSize = encoding.inputShape.reduce((a, b) => a * b, 1);
  if (inputSize !== sampleSize) {
    throw new EngineError(
      `the model's Input shape [${encoding.inputShape.join(', ')}] holds ${inputSize.toLocaleString('en-US')} values per sample, ` +
        `but the images of ${dataset.name} are ${dataset.rows}x${dataset.columns} (${sampleSize.toLocaleString('en-US')} values): ` +
        `use Input(shape=[${sampleSize}]) or Input(shape=[${dataset.rows}, ${dataset.columns}, 1])`,
    );
  }
  const parts: [string, Samples | undefined][] = [['training', dataset.train], ['test', dataset.test]];
  for (const [part, samples] of parts) {
    if (!samples) continue;
    const index = samples.labels.findIndex((label) => label >= encoding.classes);
    if (index >= 0) {
      throw new EngineError(
        `${part} label ${samples.labels[index]} (sample ${index}) does not fit the model's ${encoding.classes} output classes: the last layer needs at least ${samples.labels[index] + 1} units`,
      );
    }
  }
  if (dataset.train?.count === 0) throw new EngineError(`the training set of ${dataset.name} is empty`);
}

/**
 * Grey levels 0..255 → floats in [0, 1], once for the whole set (per-epoch gathers then copy
 * rows). In shared memory: the data-parallel loop's threads read it without a copy each.
 */
export function scalePixels(pixels: Uint8Array): Float32Array {
  const scale = new Float32Array(256);
  for (let level = 0; level < 256; level++) scale[level] = level / 255;
  const out = new Float32Array(new SharedArrayBuffer(pixels.length * Float32Array.BYTES_PER_ELEMENT));
  for (let i = 0; i < pixels.length; i++) out[i] = scale[pixels[i]];
  return out;
}

/** Labels as the loss wants them: one row of `classes` floats per sample, or the class index as a float. */
export function encodeLabels(labels: Uint8Array, encoding: SampleEncoding): Float32Array {
  if (encoding.labels === 'integer') return Float32Array.from(labels);
  const out = new Float32Array(labels.length * encoding.classes);
  for (let i = 0; i < labels.length; i++) out[i * encoding.classes + labels[i]] = 1;
  return out;
}

/** The number of floats one encoded label takes. */
export function labelWidth(encoding: SampleEncoding): number {
  return encoding.labels === 'integer' ? 1 : encoding.classes;
}
