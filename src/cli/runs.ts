// `dnn runs [FILE...] [--out DIR] [--json]`: every run of the models the files describe,
// newest first: when, status, epochs, test accuracy, engine, whether the spec changed since.
import { readdir } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { EngineError } from '../engine/errors';
import { sortNewestFirst, type RunListing } from '../engine/run-list';
import { listSpecRuns } from '../engine/spec-runs';
import { largest } from '../language/extremes';
import { exitCodes, type Command } from './command';
import { parseFlags } from './run-flags';

const usage = `Usage: dnn runs [FILE...] [options]

Lists the runs of each FILE's model (default: the .dnn files in the current folder),
newest first: start time, status (completed, stopped, failed, unfinished), epochs,
test accuracy, engine, a * when the spec changed since the run, the label and the folder.

Options:
  --out DIR         runs folder to look in (default: .dnn/runs beside each FILE)
  --json            print {"runs":[...]} as one JSON object

A run whose metrics.json is damaged is left out, with a warning naming the file and the field.

Exit codes: 0 listed (also when there are no runs), 2 usage or unreadable file.`;

export const runsCommand: Command = {
  summary: 'list the runs of models, newest first',
  usage,
  async run(args) {
    const { files, values } = parseFlags(args, { out: 'string', json: 'boolean' });
    const specFiles = files.length > 0 ? files.map((file) => resolve(file)) : await specFilesHere();
    const runsRoot = typeof values.out === 'string' ? resolve(values.out) : undefined;
    const runs: RunListing[] = [];
    try {
      // A damaged run is left out of the list and said on stderr (the file and the field).
      const onSkipped = (message: string) => process.stderr.write(`warning: ${message}\n`);
      for (const specFile of specFiles) runs.push(...(await listSpecRuns(specFile, runsRoot, onSkipped)).runs);
    } catch (error) {
      if (!(error instanceof EngineError)) throw error;
      process.stderr.write(`dnn runs: ${error.message}\n`);
      return exitCodes.usage;
    }
    sortNewestFirst(runs);
    process.stdout.write(values.json === true ? `${JSON.stringify({ runs })}\n` : table(runs));
    return exitCodes.ok;
  },
};

async function specFilesHere(): Promise<string[]> {
  const entries = await readdir(process.cwd(), { withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.dnn'))
    .map((e) => resolve(e.name))
    .sort();
}

/** The human listing: one row per run, columns padded to the widest cell. */
export function table(runs: RunListing[]): string {
  if (runs.length === 0) return 'No runs yet: train a model with `dnn train FILE`.\n';
  const header = ['model', 'started', 'status', 'epochs', 'test acc', 'engine', 'label', 'run'];
  const rows = runs.map((run) => [
    run.model,
    localTime(run.startedAt),
    run.status,
    String(run.epochs),
    run.test ? run.test.accuracy.toFixed(4) : '-',
    run.engine,
    (run.specChanged ? '* ' : '') + (run.label ?? ''),
    relative(process.cwd(), run.runDir) || '.',
  ]);
  const widths = header.map((h, i) => largest(rows.map((row) => row[i].length), h.length));
  const line = (cells: string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ');
  const changed = runs.some((run) => run.specChanged) ? ['', '* the spec changed since this run'] : [];
  return [line(header), ...rows.map(line), ...changed, ''].join('\n');
}

/** `2025-11-25 23:19:05` in local time. */
function localTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}
