// The lexer: one linear pass over the text with charCodeAt, no regular expressions, so
// a large file lexes in time proportional to its length. It never throws: characters it
// cannot read become `unknown` tokens carrying a problem, and the parser reports it.
// Comments and line breaks are kept as tokens: the parser needs the line breaks
// (layers and settings are separated by them) and editor features need the comments.
import type { CodeName } from './codes';
import type { Position, Range } from './types';

export type PunctuationKind = '(' | ')' | '[' | ']' | '{' | '}' | ',' | ';' | '=' | ':';

export type TokenKind =
  /** `Dense`, `relu`, `learning_rate`. */
  | 'identifier'
  /** `model`, `compile`, `fit`: they open the top-level blocks. */
  | 'keyword'
  /** `true`, `false`. */
  | 'boolean'
  /** `64`, `-1`, `0.001`, `1e-3`, `.5`; a malformed one (`1e`, `1.2.3`, `3x`) carries a problem. */
  | 'number'
  /** `"same"` or `'same'`; an unterminated one (ends at the line's end) carries a problem. */
  | 'string'
  | PunctuationKind
  /** `#` to the end of the line, `#` included. */
  | 'comment'
  /** One line break: `\n`, `\r\n` or `\r`. */
  | 'newline'
  /** A run of characters that start no token; always carries a problem. */
  | 'unknown'
  /** Zero-width, at the end of the text; always the last token. */
  | 'eof';

export interface TokenProblem {
  code: CodeName;
  message: string;
}

export interface Token {
  kind: TokenKind;
  /** The token's source text (for a string, with its quotes). */
  text: string;
  /** Offsets into the text: `text === source.slice(start, end)`. */
  start: number;
  end: number;
  range: Range;
  /**
   * True when no other token on its line comes before it, comments, line breaks and
   * unknown characters aside (and for the first token and `eof`). Layers and settings
   * are separated by line breaks, so this is what the parser asks of every token.
   */
  newlineBefore: boolean;
  /** For strings: the content with escapes resolved. */
  value: string | undefined;
  problem: TokenProblem | undefined;
}

export const keywords: readonly string[] = ['model', 'compile', 'fit'];

const CR = 13;
const LF = 10;
const HASH = 35;
const DOT = 46;
const MINUS = 45;
const PLUS = 43;
const BACKSLASH = 92;
const DOUBLE_QUOTE = 34;
const SINGLE_QUOTE = 39;

const punctuation: Record<number, PunctuationKind> = {
  40: '(',
  41: ')',
  91: '[',
  93: ']',
  123: '{',
  125: '}',
  44: ',',
  59: ';',
  61: '=',
  58: ':',
};

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isIdentifierStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isIdentifierPart(c: number): boolean {
  return isIdentifierStart(c) || isDigit(c);
}

/** Blanks between tokens. A byte-order mark and a no-break space count too: both are invisible in an editor. */
function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 11 || c === 12 || c === 0xfeff || c === 0xa0;
}

/** Could a token start at `i`? Used to end a run of unknown characters. */
function startsToken(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return (
    isBlank(c) ||
    c === CR ||
    c === LF ||
    c === HASH ||
    c === DOUBLE_QUOTE ||
    c === SINGLE_QUOTE ||
    punctuation[c] !== undefined ||
    isIdentifierStart(c) ||
    startsNumber(text, i)
  );
}

/** `7`, `.5`, `-1`, `+2`, `-.5`. */
function startsNumber(text: string, i: number): boolean {
  let c = text.charCodeAt(i);
  if (c === MINUS || c === PLUS) c = text.charCodeAt(++i);
  if (isDigit(c)) return true;
  return c === DOT && isDigit(text.charCodeAt(i + 1));
}

/** How a character appears in a message: itself when printable, else its code point. */
function showCharacters(chars: string): string {
  const shown: string[] = [];
  for (const ch of chars) {
    const code = ch.codePointAt(0) ?? 0;
    const printable = (code > 32 && code < 127) || (code >= 0xa1 && !(code >= 0xd800 && code <= 0xdfff));
    shown.push(printable ? `'${ch}'` : `U+${code.toString(16).toUpperCase().padStart(4, '0')}`);
    if (shown.length === 8) {
      shown.push('…');
      break;
    }
  }
  return shown.join(' ');
}

export interface TokenizeOptions {
  /** Keep the `newline` tokens (default true); the parser, which needs only `newlineBefore`, leaves them out. */
  lineBreaks?: boolean;
}

export function tokenize(text: string, options: TokenizeOptions = {}): Token[] {
  return new Lexer(text, options.lineBreaks ?? true).run();
}

/** The scanning state. A class rather than closures: V8 keeps its fields fast, and a large file lexes in a few milliseconds. */
class Lexer {
  private readonly tokens: Token[] = [];
  private line = 0;
  private lineStart = 0;
  private newlineBefore = true;
  /**
   * Where the last token ended: the next token starting right there shares that Position
   * object (positions are never mutated), one allocation fewer for most tokens.
   */
  private lastEnd: Position = { line: 0, character: 0 };
  private lastEndOffset = -1;

  constructor(
    private readonly text: string,
    private readonly keepLineBreaks: boolean,
  ) {}

  run(): Token[] {
    const text = this.text;
    const length = text.length;
    let i = 0;
    while (i < length) {
      const c = text.charCodeAt(i);
      if (isBlank(c)) i++;
      else if (c === CR || c === LF) i = this.lineBreak(i, c);
      else if (c === HASH) i = this.comment(i);
      else if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) i = this.string(i, c);
      else if (startsNumber(text, i)) i = this.number(i);
      else if (isIdentifierStart(c)) i = this.word(i);
      else if (punctuation[c] !== undefined) {
        this.push(punctuation[c], i, i + 1, undefined, undefined);
        i++;
      } else i = this.unknown(i);
    }
    const end = { line: this.line, character: length - this.lineStart };
    this.tokens.push({ kind: 'eof', text: '', start: length, end: length, range: { start: end, end }, newlineBefore: true, value: undefined, problem: undefined });
    return this.tokens;
  }

  /** Every token has the same fields in the same order: one object shape keeps V8 fast. */
  private push(kind: TokenKind, start: number, end: number, value: string | undefined, problem: TokenProblem | undefined): void {
    const startPosition = start === this.lastEndOffset ? this.lastEnd : { line: this.line, character: start - this.lineStart };
    const range = { start: startPosition, end: { line: this.line, character: end - this.lineStart } };
    this.lastEnd = range.end;
    this.lastEndOffset = end;
    const significant = kind !== 'comment' && kind !== 'unknown';
    this.tokens.push({ kind, text: this.text.slice(start, end), start, end, range, newlineBefore: significant && this.newlineBefore, value, problem });
    if (significant) this.newlineBefore = false;
  }

  private lineBreak(start: number, c: number): number {
    const end = c === CR && this.text.charCodeAt(start + 1) === LF ? start + 2 : start + 1;
    if (this.keepLineBreaks) {
      const startPosition = start === this.lastEndOffset ? this.lastEnd : { line: this.line, character: start - this.lineStart };
      const range = { start: startPosition, end: { line: this.line + 1, character: 0 } };
      this.tokens.push({ kind: 'newline', text: this.text.slice(start, end), start, end, range, newlineBefore: false, value: undefined, problem: undefined });
      this.lastEnd = range.end;
      this.lastEndOffset = end;
    }
    this.line++;
    this.lineStart = end;
    this.newlineBefore = true;
    return end;
  }

  private comment(start: number): number {
    let i = start;
    while (i < this.text.length && this.text.charCodeAt(i) !== CR && this.text.charCodeAt(i) !== LF) i++;
    this.push('comment', start, i, undefined, undefined);
    return i;
  }

  private word(start: number): number {
    let i = start + 1;
    while (isIdentifierPart(this.text.charCodeAt(i))) i++;
    const word = this.text.slice(start, i);
    const kind: TokenKind = keywords.includes(word) ? 'keyword' : word === 'true' || word === 'false' ? 'boolean' : 'identifier';
    this.push(kind, start, i, undefined, undefined);
    return i;
  }

  /**
   * A string from its opening quote to the same quote or, when unterminated, to the end of
   * the line: a missing quote must not swallow the rest of the file. A backslash escapes
   * the next character (`\n` and `\t` mean newline and tab).
   */
  private string(start: number, quote: number): number {
    const text = this.text;
    let i = start + 1;
    let value = '';
    let pieceStart = i;
    let terminated = false;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === quote) {
        terminated = true;
        break;
      }
      if (c === CR || c === LF) break;
      if (c === BACKSLASH && i + 1 < text.length) {
        const next = text.charCodeAt(i + 1);
        if (next === CR || next === LF) {
          i++; // the backslash stays in the unterminated string rather than becoming a second error
          break;
        }
        value += text.slice(pieceStart, i) + (next === 110 ? '\n' : next === 116 ? '\t' : String.fromCharCode(next));
        i += 2;
        pieceStart = i;
        continue;
      }
      i++;
    }
    value += text.slice(pieceStart, i);
    const problem: TokenProblem | undefined = terminated
      ? undefined
      : { code: 'unterminatedString', message: `unterminated string: add a closing ${String.fromCharCode(quote)} before the end of the line` };
    const end = terminated ? i + 1 : i;
    this.push('string', start, end, value, problem);
    return end;
  }

  /**
   * A number: optional sign, digits, optional fraction, optional exponent. Letters, digits
   * or dots glued to it make the whole run one malformed number (`1e`, `1.2.3`, `3x`)
   * rather than a number followed by an identifier, which would give a confusing second error.
   */
  private number(start: number): number {
    const text = this.text;
    let i = start;
    let c = text.charCodeAt(i);
    if (c === MINUS || c === PLUS) i++;
    while (isDigit(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) === DOT) {
      i++;
      while (isDigit(text.charCodeAt(i))) i++;
    }
    let wellFormed = true;
    c = text.charCodeAt(i);
    if (c === 101 || c === 69 /* e E */) {
      i++;
      const sign = text.charCodeAt(i);
      if (sign === MINUS || sign === PLUS) i++;
      if (!isDigit(text.charCodeAt(i))) wellFormed = false;
      while (isDigit(text.charCodeAt(i))) i++;
    }
    while (isIdentifierPart(text.charCodeAt(i)) || text.charCodeAt(i) === DOT) {
      wellFormed = false;
      i++;
    }
    const numberText = text.slice(start, i);
    const shown = numberText.length > 24 ? `${numberText.slice(0, 24)}…` : numberText;
    let problem: TokenProblem | undefined;
    if (!wellFormed) problem = { code: 'invalidNumber', message: `invalid number '${shown}': write it like 64, 0.5, -1 or 1e-3` };
    else if (!Number.isFinite(Number(numberText))) problem = { code: 'invalidNumber', message: `number '${shown}' is too large` };
    this.push('number', start, i, undefined, problem);
    return i;
  }

  /** A run of characters that start no token: one problem for the whole run, and a surrogate pair is never split. */
  private unknown(start: number): number {
    let i = start + 1;
    while (i < this.text.length && !startsToken(this.text, i)) i++;
    const chars = this.text.slice(start, i);
    const plural = [...chars].length > 1 ? 's' : '';
    this.push('unknown', start, i, undefined, { code: 'unexpectedCharacter', message: `unexpected character${plural} ${showCharacters(chars)}` });
    return i;
  }
}
