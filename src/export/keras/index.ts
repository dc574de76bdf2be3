// `--format keras`: a Python file building the model with the Keras functional API
// (`build_model()`), and its weights in a .npz file beside it (`<name>.weights.npz`).
import { basename } from 'node:path';
import { writeFileAtomic } from '../../files/atomic-write';
import { kerasWeightsFile } from '../formats';
import type { Exporter } from '../types';
import { kerasModelPy } from './model-py';
import { npzBytes } from './npz';

export const kerasExporter: Exporter = {
  format: 'keras',
  async write(exported, out) {
    const weightsFile = kerasWeightsFile(out);
    const arrays = exported.spec.layers.flatMap((layer) => (exported.weights.get(layer.name) ?? []).map((weight) => ({ name: `${layer.name}/${weight.name}`, shape: weight.shape, data: weight.data })));
    await writeFileAtomic(weightsFile, npzBytes(arrays));
    await writeFileAtomic(out, kerasModelPy(exported, basename(weightsFile)));
    return [out, weightsFile];
  },
};
