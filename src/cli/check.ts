// `dnn check FILE... [--json]`: analyse .dnn files like the editor does. People get a
// Keras-style summary per file and `file:line:col: severity CODE message` lines (1-based);
// `--json` gives one JSON document with LSP-style 0-based positions for tools.
// Exit 0 without errors, 1 with errors, 2 for usage or unreadable files.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MAX_TEXT_BYTES, readRegularFileSync, UnreadableFile } from '../files/regular-file';
import { analyze } from '../language/analyzer';
import { summaryLayers, summaryTable, type SummaryLayer } from '../language/features/summary';
import { didYouMean } from '../language/suggest';
import { formatPosition } from '../language/text';
import type { Analysis, Range, Severity } from '../language/types';
import { exitCodes, UsageError, type Command } from './command';

const usage = `Usage: dnn check FILE... [--json]

Checks .dnn files: syntax, names, arguments, shapes and training settings.
Prints a Keras-style summary of each model and its problems as
  file:line:col: severity CODE message

Options:
  --json      print one JSON document instead (0-based LSP positions)
  -h, --help  show this help

Exit status: 0 no errors, 1 errors found, 2 bad usage or unreadable file.`;

export interface CheckedFile {
  file: string;
  model: string | null;
  layers: SummaryLayer[];
  totalParams: number;
  trainableParams: number;
  diagnostics: { severity: Severity; code: string; message: string; range: Range }[];
}

export const checkCommand: Command = {
  summary: 'check .dnn files: shapes, parameters and problems',
  usage,
  async run(args) {
    const { files, json } = parseArguments(args);
    const checked: { file: string; analysis: Analysis }[] = [];
    let unreadable = false;
    for (const file of files) {
      const text = readSource(file);
      if (text === undefined) {
        unreadable = true;
        continue;
      }
      checked.push({ file, analysis: analyze(text, { uri: pathToFileURL(resolve(file)).href, version: 0 }) });
    }
    if (json) {
      const document = { files: checked.map(({ file, analysis }) => toJson(file, analysis)) };
      process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
    } else {
      process.stdout.write(checked.map(({ file, analysis }) => humanReport(file, analysis)).join('\n'));
    }
    if (unreadable) return exitCodes.usage;
    const hasErrors = checked.some(({ analysis }) => analysis.diagnostics.some((d) => d.severity === 'error'));
    return hasErrors ? exitCodes.problems : exitCodes.ok;
  },
};

function parseArguments(args: string[]): { files: string[]; json: boolean } {
  const files: string[] = [];
  let json = false;
  let optionsEnded = false;
  for (const arg of args) {
    if (optionsEnded || !arg.startsWith('-') || arg === '-') files.push(arg);
    else if (arg === '--') optionsEnded = true;
    else if (arg === '--json') json = true;
    else throw new UsageError(`unknown option '${arg}'${suggestion(arg, ['--json', '--help'])}`);
  }
  if (files.length === 0) throw new UsageError('no file given');
  return { files, json };
}

function suggestion(option: string, known: readonly string[]): string {
  const [closest] = didYouMean(option, known);
  return closest ? `; did you mean '${closest}'?` : '';
}

/** The file's text, or undefined after telling the user why it can't be read. */
function readSource(file: string): string | undefined {
  try {
    // Editors hide a byte-order mark; dropping it keeps columns the same as theirs.
    // A file must be a regular one (not a FIFO or /dev/zero) and at most MAX_TEXT_BYTES.
    const text = file === '-' ? readFileSync(0, 'utf8') : readRegularFileSync(file, MAX_TEXT_BYTES).toString('utf8');
    return text.replace(/^\uFEFF/, '');
  } catch (error) {
    process.stderr.write(`dnn check: cannot read '${file}': ${describeReadError(error)}\n`);
    return undefined;
  }
}

function describeReadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | UnreadableFile).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'it is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return error instanceof UnreadableFile ? error.reason : error instanceof Error ? error.message : String(error);
  }
}

function toJson(file: string, analysis: Analysis): CheckedFile {
  return {
    file,
    model: analysis.modelName ?? null,
    layers: summaryLayers(analysis),
    totalParams: analysis.totalParams,
    trainableParams: analysis.trainableParams,
    diagnostics: analysis.diagnostics.map((d) => ({ severity: d.severity, code: d.code, message: d.message, range: d.range })),
  };
}

function humanReport(file: string, analysis: Analysis): string {
  const lines = [file, summaryTable(analysis)];
  for (const d of analysis.diagnostics) lines.push(`${file}:${formatPosition(d.range.start)}: ${d.severity} ${d.code} ${d.message}`);
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = analysis.diagnostics.filter((d) => d.severity === 'warning').length;
  lines.push(`${file}: ${errors === 0 && warnings === 0 ? 'no problems' : `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`}`);
  return `${lines.join('\n')}\n`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
