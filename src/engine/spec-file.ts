// Reads a .dnn file and analyses it with the language core (the engine has no parser of its
// own). A model with errors is refused, naming the first errors with their line:column.
import { basename } from 'node:path';
import { MAX_TEXT_BYTES, readRegularFile } from '../files/regular-file';
import { analyze } from '../language/analyzer';
import type { ModelSpec } from '../language/types';
import { EngineError, unreadableReason } from './errors';

/** How many errors the refusal message lists before saying "and N more". */
const ERRORS_LISTED = 3;

/** What the spec is loaded for: the refusal names it. */
export type SpecPurpose = 'training' | 'evaluating' | 'exporting' | 'predicting';

export async function loadSpec(specFile: string, purpose: SpecPurpose = 'training'): Promise<ModelSpec> {
  return specFromText(await readSpecText(specFile), specFile, purpose);
}

/** The text of a .dnn file: a regular file of at most MAX_TEXT_BYTES, or an input error saying why not. */
export async function readSpecText(specFile: string): Promise<string> {
  try {
    return (await readRegularFile(specFile, MAX_TEXT_BYTES)).toString('utf8');
  } catch (error) {
    throw new EngineError(`cannot read ${specFile}: ${unreadableReason(error)}`, 'input');
  }
}

export function specFromText(text: string, specFile: string, purpose: SpecPurpose = 'training'): ModelSpec {
  const analysis = analyze(text, { uri: specFile });
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length === 0 && !analysis.spec) throw new EngineError(`${basename(specFile)} describes no model to train`);
  if (errors.length > 0 || !analysis.spec) {
    const listed = errors
      .slice(0, ERRORS_LISTED)
      .map((d) => `  ${basename(specFile)}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.code} ${d.message}`);
    const more = errors.length > ERRORS_LISTED ? [`  and ${errors.length - ERRORS_LISTED} more`] : [];
    const count = errors.length === 1 ? '1 error' : `${errors.length} errors`;
    throw new EngineError([`${basename(specFile)} has ${count}; fix ${errors.length === 1 ? 'it' : 'them'} before ${purpose}:`, ...listed, ...more].join('\n'));
  }
  return analysis.spec;
}
