// `dnn train FILE [--epochs N] [--batch-size N] [--train-limit N] [--seed N]
//  [--backend wasm|cpu] [--threads N] [--out DIR] [--json]`: trains in this process with Keras-like
// progress (updated in place on a terminal, plain lines otherwise). With --json the
// progress goes to stderr and stdout carries only the result object. Ctrl-C stops after
// the current batch and still saves the run.
import { resolve } from 'node:path';
import { EngineError } from '../engine/errors';
import { NodeShareDone } from '../engine/pytorch/pytorch-loop';
import type { TrainResult } from '../protocol/engine';
import { train } from '../engine/train';
import { exitCodes, type Command } from './command';
import { ProgressPrinter } from './progress';
import { engineFlags, engineOptions, engineUsage } from './engine-flags';
import { parseRunFlags } from './run-flags';

/** 128 + SIGINT, as shells report a process ended by Ctrl-C; the run is saved all the same. */
const STOPPED_EXIT_CODE = 130;

const usage = `Usage: dnn train FILE [options]

Trains the model of FILE on its data set (MNIST unless fit { dataset = idx(...) } says
otherwise), evaluates it on the test set and saves the run in .dnn/runs/<model>/<time>/.

Options:
  --epochs N        epochs (default: fit { epochs })
  --batch-size N    samples per batch (default: fit { batch_size })
  --train-limit N   train on the first N training samples only
  --seed N          seed for shuffling, weight initialisation and dropout
  --backend B       wasm (default) or cpu
  --threads N       cores to train on (default: every core; 1: one thread)
  --out DIR         runs folder (default: .dnn/runs beside FILE)
  --json            print the result as one JSON object (last line of stdout)
${engineUsage}

Exit codes: 0 trained, 1 model errors or training failure, 2 usage or unreadable file,
130 stopped with Ctrl-C or SIGTERM (the run is still saved).`;

export const trainCommand: Command = {
  summary: 'train a model on MNIST (or its IDX data set) and evaluate it',
  usage,
  async run(args) {
    const { file, values } = parseRunFlags(args, {
      epochs: 'count',
      'batch-size': 'count',
      'train-limit': 'count',
      seed: 'integer',
      backend: 'backend',
      threads: 'count',
      out: 'string',
      json: 'boolean',
      ...engineFlags,
    });
    const engine = engineOptions(values);
    const json = values.json === true;
    const log = json ? process.stderr : process.stdout;
    const progress = new ProgressPrinter(log, Boolean(log.isTTY), process.stderr);
    let stopRequested = false;
    const onInterrupt = () => {
      if (stopRequested) process.exit(STOPPED_EXIT_CODE);
      stopRequested = true;
      progress.note('stopping after the current batch (Ctrl-C again to quit at once)…');
    };
    // SIGTERM (kill, a closing terminal, CI) stops like Ctrl-C: after the batch, saving the run.
    process.on('SIGINT', onInterrupt);
    process.on('SIGTERM', onInterrupt);
    try {
      const result = await train(
        {
          specFile: resolve(file),
          epochs: values.epochs as number | undefined,
          batchSize: values['batch-size'] as number | undefined,
          trainLimit: values['train-limit'] as number | undefined,
          seed: values.seed as number | undefined,
          backend: values.backend as 'wasm' | 'cpu' | undefined,
          threads: values.threads as number | undefined,
          runsRoot: typeof values.out === 'string' ? resolve(values.out) : undefined,
          ...engine,
        },
        (event) => progress.show(event),
        () => stopRequested,
      );
      if (json) process.stdout.write(`${JSON.stringify(jsonResult(result))}\n`);
      return result.status === 'stopped' ? STOPPED_EXIT_CODE : exitCodes.ok;
    } catch (error) {
      if (!(error instanceof EngineError)) throw error;
      progress.finishLine();
      if (error instanceof NodeShareDone) {
        process.stderr.write(`dnn train: ${error.message}\n`);
        return exitCodes.ok;
      }
      process.stderr.write(`dnn train: ${error.message}\n`);
      return error.kind === 'input' ? exitCodes.usage : exitCodes.problems;
    } finally {
      process.off('SIGINT', onInterrupt);
      process.off('SIGTERM', onInterrupt);
    }
  },
};

/** The `--json` object of issue 3, keys in its order; absent figures are null. */
function jsonResult(result: TrainResult) {
  return {
    model: result.model,
    backend: result.backend,
    epochs: result.epochs.map((e) => ({
      epoch: e.epoch,
      loss: e.loss,
      accuracy: e.accuracy,
      valLoss: e.valLoss ?? null,
      valAccuracy: e.valAccuracy ?? null,
      seconds: e.seconds,
    })),
    secondsPerEpoch: result.secondsPerEpoch,
    test: result.test ? { loss: result.test.loss, accuracy: result.test.accuracy } : null,
    runDir: result.runDir,
    // Only for the pytorch engine: a tfjs run's object stays exactly as it was.
    ...(result.engine === 'pytorch' ? { engine: result.engine, worldSize: result.worldSize } : {}),
  };
}
