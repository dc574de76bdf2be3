// Quick fixes: the analyzer attaches every fix it knows to its diagnostic (did-you-mean,
// insert Flatten, 10 units, add Input, change the loss); here they become code actions
// for the diagnostics the editor asks about.
import { comparePositions } from '../text';
import type { Analysis, Diagnostic, Range } from '../types';
import type { CodeActionInfo } from './types';

/** The diagnostic the editor shows, as it sends it back in a code action request. */
export interface DiagnosticKey {
  code?: string;
  range: Range;
}

/**
 * Fixes for the analysis diagnostics that match `requested` (by code and range) or, when
 * the editor sent no diagnostics, for every diagnostic touching `range`.
 */
export function codeActions(analysis: Analysis, range: Range, requested: DiagnosticKey[]): CodeActionInfo[] {
  const wanted =
    requested.length > 0
      ? analysis.diagnostics.filter((d) => requested.some((key) => key.code === d.code && sameRange(key.range, d.range)))
      : analysis.diagnostics.filter((d) => overlaps(d.range, range));
  return wanted.flatMap((diagnostic: Diagnostic) =>
    (diagnostic.fixes ?? []).map((fix) => ({
      title: fix.title,
      diagnostic,
      edits: fix.edits,
      isPreferred: fix.isPreferred === true,
    })),
  );
}

function sameRange(a: Range, b: Range): boolean {
  return comparePositions(a.start, b.start) === 0 && comparePositions(a.end, b.end) === 0;
}

/** Touching counts: a cursor right after a word still gets the word's fixes. */
function overlaps(a: Range, b: Range): boolean {
  return comparePositions(a.start, b.end) <= 0 && comparePositions(b.start, a.end) <= 0;
}
