// Quick fixes as exact text edits. Inserted lines copy the indentation of the line they go
// next to, so a fix never disturbs the user's layout.
import { LineIndex } from './text';
import type { Position, QuickFix, Range } from './types';

export class SourceText {
  private readonly lines: LineIndex;
  /** The file's own line ending, for inserted lines. */
  readonly newline: string;

  constructor(readonly text: string) {
    this.lines = new LineIndex(text);
    this.newline = text.includes('\r\n') ? '\r\n' : '\n';
  }

  /** The leading spaces and tabs of a line. */
  indentOf(line: number): string {
    const start = this.lines.offsetAt({ line, character: 0 });
    let end = start;
    while (this.text[end] === ' ' || this.text[end] === '\t') end++;
    return this.text.slice(start, end);
  }

  /** End of a line's content (before its line break). */
  lineEnd(line: number): Position {
    return this.lines.positionAt(this.lines.offsetAt({ line, character: Number.MAX_SAFE_INTEGER }));
  }

  /** The character just before a position (`''` at the start of the text). */
  charBefore(position: Position): string {
    const offset = this.lines.offsetAt(position);
    return offset > 0 ? (this.text[offset - 1] ?? '') : '';
  }

  /** The text of a range. */
  slice(range: Range): string {
    return this.text.slice(this.lines.offsetAt(range.start), this.lines.offsetAt(range.end));
  }

  /** True when only spaces and tabs come before `position` on its line. */
  startsLine(position: Position): boolean {
    const start = this.lines.offsetAt({ line: position.line, character: 0 });
    return this.text.slice(start, this.lines.offsetAt(position)).trim() === '';
  }
}

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
