// `dnn predict FILE --image PATH... [--run DIR] [--json]`: the latest run of FILE's model (or
// the run in DIR) says which class each PNG or JPEG image shows, after MNIST's preprocessing.
import { resolve } from 'node:path';
import { preprocessDigit } from '../digits/mnist-preprocess';
import { initBackend } from '../engine/backend';
import { readImageFile } from '../engine/decode-image';
import { EngineError } from '../engine/errors';
import { DigitClassifier, type ClassProbability } from '../engine/predict';
import { defaultRunsRoot, latestRun } from '../engine/runs';
import { loadSpec } from '../engine/spec-file';
import { exitCodes, UsageError, type Command } from './command';
import { parseRunFlags } from './run-flags';

const usage = `Usage: dnn predict FILE --image PATH... [options]

Asks the latest run of FILE's model which class each image shows: PNG or JPEG, a digit
drawn or photographed on paper, made ready as MNIST's digits were (grey, light on dark,
cropped, fitted to 20x20, centred by its centre of mass in 28x28). Prints the top 3 classes.

Options:
  --image PATH      an image to classify (repeat for several)
  --run DIR         use this run folder instead of the latest
  --out DIR         runs folder to look in (default: .dnn/runs beside FILE)
  --json            print {"predictions":[{"image","top":[{"class","probability"}]}]}

Exit codes: 0 predicted, 1 model errors or no run, 2 usage, unreadable image or a model
that does not take 28x28 images.`;

export const predictCommand: Command = {
  summary: "classify your own PNG or JPEG digits with a model's latest run",
  usage,
  async run(args) {
    const images = takeImages(args);
    const { file, values } = parseRunFlags(images.rest, { run: 'string', out: 'string', json: 'boolean' });
    if (images.paths.length === 0) throw new UsageError('missing --image PATH (a PNG or JPEG file)');
    const specFile = resolve(file);
    try {
      const spec = await loadSpec(specFile, 'predicting');
      const runsRoot = typeof values.out === 'string' ? resolve(values.out) : defaultRunsRoot(specFile);
      const runDir = typeof values.run === 'string' ? resolve(values.run) : await latestRun(runsRoot, spec.name);
      if (!runDir) throw new EngineError(`model ${spec.name} has no finished run in ${runsRoot}: train it first`);
      await initBackend('cpu');
      const classifier = await DigitClassifier.load(runDir, spec);
      const predictions: { image: string; top: ClassProbability[] }[] = [];
      try {
        for (const image of images.paths) {
          const digit = preprocessDigit(await readImageFile(resolve(image)));
          if (!digit.hasInk) process.stderr.write(`warning: ${image} looks blank: no digit found in it\n`);
          predictions.push({ image, top: classifier.top(digit.pixels) });
        }
      } finally {
        classifier.dispose();
      }
      process.stdout.write(values.json === true ? `${JSON.stringify({ predictions })}\n` : report(predictions));
      return exitCodes.ok;
    } catch (error) {
      if (!(error instanceof EngineError)) throw error;
      process.stderr.write(`dnn predict: ${error.message}\n`);
      return error.kind === 'input' ? exitCodes.usage : exitCodes.problems;
    }
  },
};

/** `--image` may repeat: its values are taken out before the one-FILE flag parser sees the rest. */
function takeImages(args: string[]): { paths: string[]; rest: string[] } {
  const paths: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      rest.push(...args.slice(i));
      break;
    }
    if (arg.startsWith('--image=')) paths.push(arg.slice('--image='.length));
    else if (arg === '--image') {
      const value = args[++i];
      if (value === undefined || value.startsWith('--')) throw new UsageError('--image needs a value');
      paths.push(value);
    } else rest.push(arg);
  }
  return { paths, rest };
}

function report(predictions: { image: string; top: ClassProbability[] }[]): string {
  return predictions.map(({ image, top }) => `${image}: ${top.map((c) => `${c.class} (${(100 * c.probability).toFixed(1)}%)`).join(', ')}\n`).join('');
}
