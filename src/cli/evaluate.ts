// `dnn evaluate FILE [--run DIR] [--json]`: evaluates the latest run of FILE's model (or
// the run in DIR) on the full test set; says so when the spec changed since that run and
// refuses when its weights no longer fit the model.
import { resolve } from 'node:path';
import { EngineError } from '../engine/errors';
import { evaluate } from '../engine/evaluate';
import type { EvaluateOutcome } from '../protocol/engine';
import { largest } from '../language/extremes';
import { exitCodes, type Command } from './command';
import { parseRunFlags } from './run-flags';

const usage = `Usage: dnn evaluate FILE [options]

Evaluates the latest run of FILE's model on the full test set: loss, accuracy, the
confusion matrix and per-class accuracy, precision and recall.

Options:
  --run DIR         evaluate this run folder instead of the latest
  --out DIR         runs folder to look in (default: .dnn/runs beside FILE)
  --backend B       wasm (default) or cpu
  --threads N       threads for wasm (default: every core; 1 keeps it to one core)
  --json            print the result as one JSON object (last line of stdout)

Exit codes: 0 evaluated, 1 model errors, no run or weights that no longer fit,
2 usage or unreadable file.`;

export const evaluateCommand: Command = {
  summary: 'evaluate the latest trained run of a model on the test set',
  usage,
  async run(args) {
    const { file, values } = parseRunFlags(args, { run: 'string', out: 'string', backend: 'backend', threads: 'count', json: 'boolean' });
    const json = values.json === true;
    try {
      const outcome = await evaluate(
        {
          specFile: resolve(file),
          runDir: typeof values.run === 'string' ? resolve(values.run) : undefined,
          runsRoot: typeof values.out === 'string' ? resolve(values.out) : undefined,
          backend: values.backend as 'wasm' | 'cpu' | undefined,
          threads: values.threads as number | undefined,
        },
        (event) => {
          if (event.type === 'backend' && event.note) process.stderr.write(`note: ${event.note}\n`);
          if (event.type === 'warning') process.stderr.write(`warning: ${event.message}\n`);
        },
      );
      process.stdout.write(json ? `${JSON.stringify(jsonOutcome(outcome))}\n` : report(outcome));
      return exitCodes.ok;
    } catch (error) {
      if (!(error instanceof EngineError)) throw error;
      process.stderr.write(`dnn evaluate: ${error.message}\n`);
      return error.kind === 'input' ? exitCodes.usage : exitCodes.problems;
    }
  },
};

/** The `--json` object: the test figures without the misclassified digits' pixels. */
function jsonOutcome(outcome: EvaluateOutcome) {
  const { result } = outcome;
  return {
    model: outcome.model,
    backend: outcome.backend,
    runDir: outcome.runDir,
    specChanged: outcome.specChanged,
    test: { loss: result.loss, accuracy: result.accuracy },
    samples: result.samples,
    confusion: result.confusion,
    perClass: result.perClass,
    seconds: result.seconds,
  };
}

/** The human report: figures, the confusion matrix and the per-class table. */
export function report(outcome: EvaluateOutcome): string {
  const { result } = outcome;
  const cell = largest(result.confusion.flat().map((n) => String(n).length + 1), 5);
  const header = 'true\\pred'.padEnd(9) + result.confusion.map((_, i) => String(i).padStart(cell)).join('');
  const rows = result.confusion.map((row, label) => String(label).padEnd(9) + row.map((n) => String(n).padStart(cell)).join(''));
  const percent = (x: number) => `${(100 * x).toFixed(1)}%`.padStart(10);
  const classes = result.perClass.map(
    (c) => String(c.label).padEnd(6) + String(c.support).padStart(8) + percent(c.accuracy) + percent(c.precision) + percent(c.recall),
  );
  return [
    `Model ${outcome.model}, run ${outcome.runDir} (${outcome.backend} backend)`,
    `Test loss: ${result.loss.toFixed(4)} - test accuracy: ${result.accuracy.toFixed(4)} (${result.samples} samples, ${result.seconds.toFixed(2)}s)`,
    '',
    'Confusion matrix (rows: true label, columns: predicted)',
    header,
    ...rows,
    '',
    'class' + ' support'.padStart(9) + 'accuracy'.padStart(10) + 'precision'.padStart(10) + 'recall'.padStart(10),
    ...classes,
    '',
  ].join('\n');
}
