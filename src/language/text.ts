// The one wrapper around a document's text: offset ↔ position conversion plus the small
// questions the checks, quick fixes and editor features ask of the text (a range's text, a
// line's indentation, the word under the cursor). Positions are LSP-style: 0-based line and
// UTF-16 character (a JavaScript string index within the line). Lines end at `\n`, `\r\n` or
// `\r`, the three line endings LSP recognises.
import type { Position, Range } from './types';

export class SourceText {
  /** Offset of the first character of every line; `lineStarts[0]` is always 0. */
  private readonly lineStarts: number[];
  private readonly textLength: number;
  /** Offset where each line's content ends (before its line break). */
  private readonly lineEnds: number[];
  /** The file's own line ending, for inserted lines. */
  readonly newline: string;

  constructor(readonly text: string) {
    const starts = [0];
    const ends: number[] = [];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 /* \r */) {
        ends.push(i);
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      } else if (c === 10 /* \n */) {
        ends.push(i);
        starts.push(i + 1);
      }
    }
    ends.push(text.length);
    this.lineStarts = starts;
    this.lineEnds = ends;
    this.textLength = text.length;
    this.newline = text.includes('\r\n') ? '\r\n' : '\n';
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** The position of an offset; offsets outside the text are clamped to it. */
  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(Number.isFinite(offset) ? Math.floor(offset) : 0, this.textLength));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    // An offset between `\r` and `\n` of one line break belongs to the end of that line.
    const character = Math.min(clamped, this.lineEnds[low]) - this.lineStarts[low];
    return { line: low, character };
  }

  /** The offset of a position; a line past the end gives the text's length, a character past the line's end gives the line's end. */
  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.textLength;
    const start = this.lineStarts[position.line];
    const character = Math.max(0, position.character);
    return Math.min(start + character, this.lineEnds[position.line]);
  }

  /** The range between two offsets. */
  rangeAt(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  /** The text of a range. */
  slice(range: Range): string {
    return this.text.slice(this.offsetAt(range.start), this.offsetAt(range.end));
  }

  /** The leading spaces and tabs of a line. */
  indentOf(line: number): string {
    const start = this.offsetAt({ line, character: 0 });
    let end = start;
    while (this.text[end] === ' ' || this.text[end] === '\t') end++;
    return this.text.slice(start, end);
  }

  /** End of a line's content (before its line break). */
  lineEnd(line: number): Position {
    return this.positionAt(this.offsetAt({ line, character: Number.MAX_SAFE_INTEGER }));
  }

  /** The character just before a position (`''` at the start of the text). */
  charBefore(position: Position): string {
    const offset = this.offsetAt(position);
    return offset > 0 ? (this.text[offset - 1] ?? '') : '';
  }

  /** True when only spaces and tabs come before `position` on its line. */
  startsLine(position: Position): boolean {
    return this.linePrefix(position).trim() === '';
  }

  /** The text of its line before `position`. */
  linePrefix(position: Position): string {
    return this.text.slice(this.offsetAt({ line: position.line, character: 0 }), this.offsetAt(position));
  }

  /** The first character after `position` on its line that is not a space or tab ('' at the line's end). */
  nextNonBlank(position: Position): string {
    const rest = this.text.slice(this.offsetAt(position), this.offsetAt({ line: position.line, character: Number.MAX_SAFE_INTEGER }));
    return rest.trimStart().charAt(0);
  }

  /** The identifier-like word touching `position` (empty at a non-word spot). */
  wordAt(position: Position): Range {
    const offset = this.offsetAt(position);
    let start = offset;
    let end = offset;
    while (start > 0 && isWordChar(this.text.charCodeAt(start - 1))) start--;
    while (end < this.text.length && isWordChar(this.text.charCodeAt(end))) end++;
    return this.rangeAt(start, end);
  }
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** Orders two positions: negative when `a` comes first, 0 when equal. */
export function comparePositions(a: Position, b: Position): number {
  return a.line !== b.line ? a.line - b.line : a.character - b.character;
}

/** True when `position` lies within `range`, both ends included (a cursor right after a token still touches it). */
export function rangeContains(range: Range, position: Position): boolean {
  return comparePositions(range.start, position) <= 0 && comparePositions(position, range.end) <= 0;
}

/** Human form of a position for messages: 1-based `line:column`, as editors show it. */
export function formatPosition(position: Position): string {
  return `${position.line + 1}:${position.character + 1}`;
}
