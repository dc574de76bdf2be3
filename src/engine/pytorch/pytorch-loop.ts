// The pytorch engine as a training loop: the run's freshly built model (Keras-default
// weights from the run's seed) is exported into the run folder, train.py trains it there
// under torchrun, and the trained weights come back into the tfjs model, which the run's
// lifecycle (train.ts) then saves, evaluates and records like any other run.
import * as tf from '@tensorflow/tfjs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { layerWeights } from '../../export/load';
import { pytorchExporter } from '../../export/pytorch';
import { planModel } from '../../export/pytorch/plan';
import { fromTorch, readTorchWeights } from '../../export/pytorch/weights';
import type { WeightTensor } from '../../export/types';
import type { ModelSpec } from '../../language/types';
import type { EpochRecord, PytorchOptions, PytorchReport, TrainEvent } from '../../protocol/engine';
import type { IdxFiles } from '../data/idx';
import { EngineError } from '../errors';
import type { LoopOutcome, TrainingLoopOptions } from '../loop/training-loop';
import { checkTorch, defaultPython } from './python';
import { runTorchrun } from './torchrun';

/** Created in the run folder to ask train.py to stop; removed once it has. */
const STOP_FILE = 'stop-requested';

/** Not a failure: a machine other than node 0 of a multi-node job ends here, without a run of its own. */
export class NodeShareDone extends EngineError {}

export interface PytorchRunSettings {
  spec: ModelSpec;
  runDir: string;
  files: IdxFiles;
  batchSize: number;
  validationSplit: number;
  seed: number;
  trainLimit?: number;
  testLimit?: number;
  options: PytorchOptions;
}

/** What train.py writes beside the weights when it finished or was stopped. */
interface TrainingResult {
  /** Where a stop request ended the training (epoch, batches done in it); null when it ran to the end. */
  stopped: LoopOutcome['stopped'] | null;
  worldSize: number;
  device: 'cpu' | 'cuda';
  history: EpochRecord[];
  test: PytorchReport['test'];
  epochShares: PytorchReport['epochShares'];
}

export interface PytorchOutcome extends LoopOutcome {
  pytorch: PytorchReport;
  worldSize: number;
}

function setLayerWeights(model: tf.LayersModel, weights: ReadonlyMap<string, readonly WeightTensor[]>): void {
  for (const layer of model.layers) {
    const given = weights.get(layer.name);
    if (!given || layer.weights.length === 0) continue;
    const tensors = layer.weights.map((variable) => {
      const name = variable.originalName.slice(variable.originalName.lastIndexOf('/') + 1);
      const weight = given.find((w) => w.name === name);
      if (!weight) throw new EngineError(`PyTorch returned no ${name} for layer ${layer.name}`);
      return tf.tensor(weight.data, weight.shape);
    });
    layer.setWeights(tensors);
    tf.dispose(tensors);
  }
}

/** A TrainingLoop whose outcome also carries what PyTorch reported. */
export function pytorchLoop(settings: PytorchRunSettings): { run(options: TrainingLoopOptions): Promise<PytorchOutcome> } {
  return {
    async run({ built, epochs, onEvent, shouldStop }) {
      const python = settings.options.python ?? defaultPython();
      await checkTorch(python);
      const { spec, runDir, files } = settings;
      await pytorchExporter.write({ spec, weights: layerWeights(spec, built.model), source: { kind: 'untrained' } }, runDir);
      const script = [
        join(runDir, 'train.py'),
        '--events',
        '--out', runDir,
        '--train-images', files.trainImages,
        '--train-labels', files.trainLabels,
        '--test-images', files.testImages,
        '--test-labels', files.testLabels,
        '--epochs', String(epochs),
        '--batch-size', String(settings.batchSize),
        '--validation-split', String(settings.validationSplit),
        '--seed', String(settings.seed),
        '--device', settings.options.device ?? 'cpu',
        '--stop-file', join(runDir, STOP_FILE),
        ...(settings.trainLimit === undefined ? [] : ['--train-limit', String(settings.trainLimit)]),
        ...(settings.testLimit === undefined ? [] : ['--test-limit', String(settings.testLimit)]),
      ];
      const history: EpochRecord[] = [];
      const relay = (event: TrainEvent) => {
        // train.ts already announced the run (same batches per epoch); PyTorch's progress follows.
        if (event.type === 'start') return;
        if (event.type === 'epoch') {
          const { type: _type, ...record } = event;
          history.push(record);
        }
        onEvent(event);
      };
      await runTorchrun({ python, cwd: runDir, script, stopFile: join(runDir, STOP_FILE), options: settings.options, onEvent: relay, shouldStop });
      await rm(join(runDir, STOP_FILE), { force: true });
      const nodeRank = settings.options.nodeRank ?? 0;
      if (nodeRank > 0) throw new NodeShareDone(`node ${nodeRank} did its share of the training; node 0 (${settings.options.master}) keeps the run`);

      const result = JSON.parse(await readFile(join(runDir, 'training_result.json'), 'utf8')) as TrainingResult;
      const plan = planModel(spec);
      const shapes = new Map([...layerWeights(spec, built.model)].map(([name, list]) => [name, new Map(list.map((w) => [w.name, w.shape]))]));
      setLayerWeights(built.model, fromTorch(plan, await readTorchWeights(runDir), shapes));
      return {
        history: result.history.length === history.length ? result.history : history,
        pytorch: { device: result.device, test: result.test, epochShares: result.epochShares },
        worldSize: result.worldSize,
        ...(result.stopped ? { stopped: result.stopped } : {}),
      };
    },
  };
}
