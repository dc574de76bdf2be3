// `dnn train FILE [--epochs N] [--batch-size N] [--train-limit N] [--seed N]
//  [--backend wasm|cpu] [--out DIR] [--json]`: trains in this process with Keras-like
// progress (updated in place on a terminal, plain lines otherwise). With --json the
// progress goes to stderr and stdout carries only the result object. Ctrl-C stops after
// the current batch and still saves the run.
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { EngineError } from '../engine/errors';
import type { TrainEvent, TrainResult } from '../engine/protocol';
import { train } from '../engine/train';
import { exitCodes, type Command } from './command';
import { batchLine, epochHeader, epochLine } from './progress';
import { parseRunFlags } from './run-flags';

/** 128 + SIGINT, as shells report a process ended by Ctrl-C; the run is saved all the same. */
export const STOPPED_EXIT_CODE = 130;

const usage = `Usage: dnn train FILE [options]

Trains the model of FILE on its data set (MNIST unless fit { dataset = idx(...) } says
otherwise), evaluates it on the test set and saves the run in .dnn/runs/<model>/<time>/.

Options:
  --epochs N        epochs (default: fit { epochs })
  --batch-size N    samples per batch (default: fit { batch_size })
  --train-limit N   train on the first N training samples only
  --seed N          seed for shuffling, weight initialisation and dropout
  --backend B       wasm (default) or cpu
  --out DIR         runs folder (default: .dnn/runs beside FILE)
  --json            print the result as one JSON object (last line of stdout)

Exit codes: 0 trained, 1 model errors or training failure, 2 usage or unreadable file,
130 stopped with Ctrl-C (the run is still saved).`;

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
      out: 'string',
      json: 'boolean',
    });
    const json = values.json === true;
    const log = json ? process.stderr : process.stdout;
    const progress = new ProgressPrinter(log, Boolean(log.isTTY));
    let stopRequested = false;
    const onInterrupt = () => {
      if (stopRequested) process.exit(STOPPED_EXIT_CODE);
      stopRequested = true;
      progress.note('stopping after the current batch (Ctrl-C again to quit at once)…');
    };
    process.on('SIGINT', onInterrupt);
    try {
      const result = await train(
        {
          specFile: resolve(file),
          epochs: values.epochs as number | undefined,
          batchSize: values['batch-size'] as number | undefined,
          trainLimit: values['train-limit'] as number | undefined,
          seed: values.seed as number | undefined,
          backend: values.backend as 'wasm' | 'cpu' | undefined,
          runsRoot: typeof values.out === 'string' ? resolve(values.out) : undefined,
        },
        (event) => progress.show(event),
        () => stopRequested,
      );
      if (json) process.stdout.write(`${JSON.stringify(jsonResult(result))}\n`);
      return result.status === 'stopped' ? STOPPED_EXIT_CODE : exitCodes.ok;
    } catch (error) {
      if (!(error instanceof EngineError)) throw error;
      progress.finishLine();
      process.stderr.write(`dnn train: ${error.message}\n`);
      return error.kind === 'input' ? exitCodes.usage : exitCodes.problems;
    } finally {
      process.off('SIGINT', onInterrupt);
    }
  },
};

/** The `--json` object of issue 3, keys in its order; absent figures are null. */
export function jsonResult(result: TrainResult) {
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
  };
}

/** Writes the engine's events as Keras-like progress; on a terminal the batch line is redrawn in place. */
class ProgressPrinter {
  private backend = '';
  private epochs = 0;
  private batches = 0;
  private epochStartedAt = 0;
  private lineOpen = false;

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly tty: boolean,
  ) {}

  show(event: TrainEvent): void {
    switch (event.type) {
      case 'backend':
        this.backend = event.backend;
        if (event.note) this.note(event.note);
        break;
      case 'start':
        this.epochs = event.epochs;
        this.batches = event.batchesPerEpoch;
        this.out.write(`Training ${event.model} on ${event.trainSamples} samples, validating on ${event.validationSamples} (${this.backend} backend)\n`);
        this.startEpoch(1);
        break;
      case 'batch':
        if (this.tty) {
          const seconds = (performance.now() - this.epochStartedAt) / 1000;
          this.redraw(batchLine(event.batch, event.batchesPerEpoch, seconds, event.loss, event.accuracy));
        }
        break;
      case 'epoch':
        // On a terminal the final line replaces the in-place progress line, as in Keras.
        this.out.write(`${this.lineOpen ? '\r' : ''}${epochLine(event, this.batches)}${this.lineOpen ? '\x1b[K' : ''}\n`);
        this.lineOpen = false;
        if (event.epoch < this.epochs) this.startEpoch(event.epoch + 1);
        break;
      case 'evaluation':
        this.finishLine();
        this.out.write(`Test loss: ${event.result.loss.toFixed(4)} - test accuracy: ${event.result.accuracy.toFixed(4)} (${event.result.samples} samples)\n`);
        break;
      case 'done':
        this.out.write(`Run saved in ${event.runDir}\n`);
        break;
      case 'stopped':
        this.finishLine();
        this.out.write(`Stopped in epoch ${event.epoch} after ${event.batch} batches; run saved in ${event.runDir}\n`);
        break;
      case 'warning':
        this.note(event.message);
        break;
      case 'error':
        // The command prints the error itself when train() rejects.
        break;
    }
  }

  note(message: string): void {
    this.finishLine();
    process.stderr.write(`note: ${message}\n`);
  }

  finishLine(): void {
    if (this.lineOpen) this.out.write('\n');
    this.lineOpen = false;
  }

  private startEpoch(epoch: number): void {
    this.epochStartedAt = performance.now();
    this.out.write(`${epochHeader(epoch, this.epochs)}\n`);
  }

  private redraw(line: string): void {
    this.out.write(`\r${line}\x1b[K`);
    this.lineOpen = true;
  }
}
