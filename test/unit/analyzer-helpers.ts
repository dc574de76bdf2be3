// Helpers for the analyzer tests: ranges marked in the text itself, applying quick fixes,
// and short views of an analysis.
import { analyze } from '../../src/language/analyzer';
import { SourceText } from '../../src/language/text';
import type { Analysis, Diagnostic, QuickFix, Range } from '../../src/language/types';
import { applyEdits } from '../support/edits';

/** `Dense(64, activation=⟦rellu⟧)`: the text without the marks, and the marked ranges in order. */
export function marked(textWithMarks: string): { text: string; ranges: Range[] } {
  let text = '';
  const starts: number[] = [];
  const spans: [number, number][] = [];
  for (const char of textWithMarks) {
    if (char === '⟦') starts.push(text.length);
    else if (char === '⟧') spans.push([starts.pop() as number, text.length]);
    else text += char;
  }
  spans.sort((a, b) => a[0] - b[0]);
  const lines = new SourceText(text);
  return { text, ranges: spans.map(([start, end]) => lines.rangeAt(start, end)) };
}

/** The one diagnostic with `code`; fails the test when there are none or several. */
export function only(analysis: Analysis, code: string): Diagnostic {
  const found = analysis.diagnostics.filter((d) => d.code === code);
  if (found.length !== 1) {
    throw new Error(`expected one ${code}, got ${found.length}: ${JSON.stringify(analysis.diagnostics.map((d) => `${d.code} ${d.message}`), null, 1)}`);
  }
  return found[0] as Diagnostic;
}

export function codesOf(analysis: Analysis): string[] {
  return analysis.diagnostics.map((d) => d.code);
}

/** The text after a fix's edits (applied from the end, as an editor does). */
export function applyFix(text: string, fix: QuickFix): string {
  return applyEdits(text, fix.edits);
}

/** The fix titled `title` of the one diagnostic with `code`. */
export function fixOf(text: string, code: string, title: string): QuickFix {
  const diagnostic = only(analyze(text), code);
  const fix = diagnostic.fixes?.find((f) => f.title === title);
  if (!fix) throw new Error(`no fix '${title}' on ${code}; fixes: ${JSON.stringify(diagnostic.fixes?.map((f) => f.title))}`);
  return fix;
}

/** A model block around layer lines, with an optional tail (compile/fit blocks). */
export function model(layers: string, tail = ''): string {
  return `model M {\n${layers
    .trim()
    .split('\n')
    .map((line) => `    ${line.trim()}`)
    .join('\n')}\n}\n${tail}`;
}
