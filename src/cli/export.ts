// `dnn export FILE --format pytorch|onnx|keras|tfjs [--run DIR | --untrained] [--out PATH]
// [--force] [--json]`: writes the model and its trained weights (the latest run unless --run
// names one) in another framework's format. An existing output is replaced only with --force.
import { resolve } from 'node:path';
import { EngineError } from '../engine/errors';
import { exportFormats, formatNames, isExportFormat } from '../export/formats';
import { runExport } from '../export/run-export';
import { didYouMean } from '../language/suggest';
import { exitCodes, UsageError, type Command } from './command';
import { parseRunFlags } from './run-flags';

const formatLines = formatNames.map((name) => `  ${name.padEnd(8)}  ${exportFormats[name].description}`);

const usage = `Usage: dnn export FILE --format FORMAT [options]

Writes FILE's model with the weights of its latest run (or of --run DIR) in FORMAT:
${formatLines.join('\n')}

Options:
  --format F        pytorch, onnx, keras or tfjs (required)
  --run DIR         export the weights of this run folder instead of the latest run
  --untrained       export fresh weights (Keras-default initialisation) instead of a run's
  --out PATH        the file (onnx, keras) or folder (pytorch, tfjs) to write
                    (default: in the run's export/ folder: <run>/export/<Model>.onnx,
                    <run>/export/<model>_keras.py, <run>/export/pytorch/, <run>/export/tfjs/;
                    with --untrained in .dnn/export/<Model>-untrained/ beside FILE)
  --force           replace an existing output (never done without it)
  --json            print {"format": ..., "files": [...]} (last line of stdout)

Exit codes: 0 exported, 1 model errors, no run, an existing output without --force or a
layer the format cannot express, 2 usage or unreadable file.`;

export const exportCommand: Command = {
  summary: 'export a trained model to PyTorch, ONNX, Keras or TensorFlow.js',
  usage,
  async run(args) {
    const { file, values } = parseRunFlags(args, { format: 'string', run: 'string', untrained: 'boolean', out: 'string', force: 'boolean', json: 'boolean' });
    const format = values.format;
    if (typeof format !== 'string') throw new UsageError(`missing --format (${formatNames.join(', ')})`);
    if (!isExportFormat(format)) {
      const [closest] = didYouMean(format, formatNames);
      throw new UsageError(`unknown format '${format}'${closest ? `; did you mean '${closest}'?` : ''} (formats: ${formatNames.join(', ')})`);
    }
    if (values.untrained === true && typeof values.run === 'string') throw new UsageError('--run and --untrained exclude each other: export a run, or fresh weights');
    try {
      const outcome = await runExport(
        {
          specFile: resolve(file),
          format,
          runDir: typeof values.run === 'string' ? resolve(values.run) : undefined,
          untrained: values.untrained === true,
          out: typeof values.out === 'string' ? resolve(values.out) : undefined,
          force: values.force === true,
        },
        (message) => process.stderr.write(`warning: ${message}\n`),
      );
      if (values.json === true) {
        process.stdout.write(`${JSON.stringify({ format: outcome.format, files: outcome.files })}\n`);
      } else {
        const source = outcome.runDir ? `the run in ${outcome.runDir}` : 'fresh untrained weights';
        process.stdout.write([`Exported ${outcome.model} (${source}) as ${format} to ${outcome.out}:`, ...outcome.files.map((f) => `  ${f}`), ''].join('\n'));
      }
      return exitCodes.ok;
    } catch (error) {
      if (!(error instanceof EngineError)) throw error;
      process.stderr.write(`dnn export: ${error.message}\n`);
      return error.kind === 'input' ? exitCodes.usage : exitCodes.problems;
    }
  },
};
