// The `pytorch` export format: a folder with model.py (the model as a readable nn.Module;
// `build_model()` loads the weights beside it), the weights (torch_weights.json/.bin),
// train.py (trains it with PyTorch, alone or under torchrun) and training.json (the .dnn
// file's compile and fit settings, train.py's defaults).
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../files/atomic-write';
import { findUpward } from '../../engine/locate';
import type { ModelSpec } from '../../language/types';
import type { ExportModel, Exporter } from '../types';
import { modelPy } from './model-py';
import { planModel } from './plan';
import { UnsupportedExport } from './unsupported';
import { toTorch, writeTorchWeights } from './weights';

export { UnsupportedExport };

const TRAIN_SCRIPT = 'train.py';

/** Where train.py ships: beside this module from source, dist/python in the bundles. */
function trainScriptPath(): string {
  const folder = findUpward(__dirname, ['python', '.'], TRAIN_SCRIPT);
  if (!folder) throw new UnsupportedExport(`cannot find ${TRAIN_SCRIPT} (run \`npm run build\`)`);
  return join(folder, TRAIN_SCRIPT);
}

/** train.py's defaults: what the .dnn file says about training. */
function trainingSettings(spec: ModelSpec) {
  const { epochs, batchSize, validationSplit, shuffle, seed } = spec.fit;
  return {
    model: spec.name,
    inputShape: spec.inputShape,
    classes: spec.outputShape[spec.outputShape.length - 1],
    loss: spec.compile.loss,
    optimizer: spec.compile.optimizer,
    fit: { epochs, batchSize, validationSplit, shuffle, seed: seed ?? null },
  };
}

function describeSource(model: ExportModel): string {
  return model.source.kind === 'run' ? `weights of the run ${model.source.runDir}` : 'untrained: Keras-default initialisation';
}

export const pytorchExporter: Exporter = {
  format: 'pytorch',
  async write(model, out) {
    const plan = planModel(model.spec);
    const tensors = toTorch(plan, model.weights);
    await mkdir(out, { recursive: true });
    const modelFile = join(out, 'model.py');
    const trainFile = join(out, TRAIN_SCRIPT);
    const settingsFile = join(out, 'training.json');
    await writeFileAtomic(modelFile, modelPy(model.spec, plan, describeSource(model)));
    const weightFiles = await writeTorchWeights(out, tensors);
    await writeFileAtomic(trainFile, await readFile(trainScriptPath()));
    await writeFileAtomic(settingsFile, JSON.stringify(trainingSettings(model.spec), null, 2) + '\n');
    return [modelFile, ...weightFiles, trainFile, settingsFile];
  },
};
