// Floating-point work of one training image (forward and backward) from the layer shapes of
// the built model, to print the achieved GFLOP/s beside a time. Counted: Conv2D and Dense
// (their products are nearly all of it); a multiply-add is 2 FLOP. Forward is the layer's
// products; backward is twice that (input and weight gradients), except for a layer fed by
// the model's input, which needs no input gradient.
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { buildModel } from '../../../src/engine/build-model';
import { SeededRandom } from '../../../src/engine/rng';
import { specFromText } from '../../../src/engine/spec-file';

export async function measureModelFlops(specFile: string): Promise<{ flopPerImage: number }> {
  await tf.setBackend('cpu');
  const spec = specFromText(readFileSync(specFile, 'utf8'), specFile);
  const built = buildModel(spec, new SeededRandom(1));
  let flop = 0;
  for (const layer of built.model.layers) {
    const kernel = layer.getWeights()[0];
    const className = layer.getClassName();
    if (!kernel || (className !== 'Conv2D' && className !== 'Dense')) continue;
    const output = layer.outputShape as number[];
    // Conv2D: every output pixel and channel sums kh·kw·cin products; Dense: every output sums `in` products (per leading position).
    const outputs = output.slice(1).reduce((a, b) => a * b, 1);
    const perOutput = kernel.shape.slice(0, -1).reduce((a, b) => a * b, 1);
    const forward = 2 * outputs * perOutput;
    const fedByInput = layer.inboundNodes[0]?.inboundLayers.every((inbound) => inbound.getClassName() === 'InputLayer') ?? false;
    flop += forward * (fedByInput ? 2 : 3);
  }
  built.model.dispose();
  return { flopPerImage: flop };
}
