// Quick fixes as exact text edits. Inserted lines copy the indentation of the line they go
// next to, so a fix never disturbs the user's layout.
import type { SourceText } from './text';
import type { QuickFix, Range } from './types';

export function replaceWith(title: string, range: Range, newText: string, isPreferred?: boolean): QuickFix {
  const fix: QuickFix = { title, edits: [{ range, newText }] };
  if (isPreferred) fix.isPreferred = true;
  return fix;
}

/** One fix per did-you-mean candidate; the only candidate is the preferred fix. */
export function suggestionFixes(range: Range, candidates: readonly string[], quoted: boolean): QuickFix[] {
  return candidates.map((candidate) =>
    replaceWith(`Change to '${candidate}'`, range, quoted ? `"${candidate}"` : candidate, candidates.length === 1),
  );
}

/** An edit that inserts `content` as a new line above `line`, with that line's indentation. */
export function insertLineAbove(source: SourceText, line: number, content: string): { range: Range; newText: string } {
  const at = { line, character: 0 };
  return { range: { start: at, end: at }, newText: `${source.indentOf(line)}${content}${source.newline}` };
}

/** An edit that inserts each of `contents` as a new line below `line`, with that line's indentation. */
export function insertLinesBelow(source: SourceText, line: number, contents: readonly string[]): { range: Range; newText: string } {
  const at = source.lineEnd(line);
  const indent = source.indentOf(line);
  return { range: { start: at, end: at }, newText: contents.map((content) => `${source.newline}${indent}${content}`).join('') };
}
