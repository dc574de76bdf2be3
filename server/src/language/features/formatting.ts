// Formatting: canonical spacing and 4-space indentation, over the lexer's tokens. The
// user's line breaks are kept (a layer call may span lines); spaces between tokens,
// indentation, blank lines and the end of the file are made canonical:
//   Dense(64, activation=relu)        no spaces inside brackets, `, ` between arguments,
//   loss = categorical_crossentropy   ` = ` in settings, `=` alone in calls,
//   model MnistMLP {                  one space before `{`, one level per open bracket,
//   Dense(10)  # comment              two spaces before a trailing comment,
// at most one blank line in a row, none at the start or end of a block, one between
// top-level blocks, and exactly one line break at the end of the file.
// Formatting twice gives the same text, and the formatted text analyses to the same model.
import { tokenize, type Token } from '../lexer';
import { LineIndex } from '../text';
import type { Analysis } from '../types';
import type { TextEdit } from './types';

const indentUnit = '    ';

/** The edits that format the document; none when it has syntax errors (the layout is unclear) or is formatted. */
export function formatDocument(analysis: Analysis, text: string): TextEdit[] {
  if (analysis.diagnostics.some((d) => d.code.startsWith('DNN1'))) return [];
  const formatted = formatText(text);
  if (formatted === text) return [];
  const lines = new LineIndex(text);
  return [{ range: lines.rangeAt(0, text.length), newText: formatted }];
}

/** A token on a line, with whether it sits inside `( )` or `[ ]` (where `=` takes no spaces). */
interface PlacedToken {
  token: Token;
  inBrackets: boolean;
}

interface Line {
  tokens: PlacedToken[];
  /** Open brackets at the start of the line. */
  depth: number;
  /** Open brackets after the line. */
  depthAfter: number;
}

export function formatText(text: string): string {
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = splitLines(tokenize(text));
  const out: string[] = [];
  let pendingBlank = false;
  for (const [index, line] of lines.entries()) {
    if (line.tokens.length === 0) {
      pendingBlank = out.length > 0;
      continue;
    }
    const first = line.tokens[0].token.kind;
    const previous = out.length > 0 ? lines[lastNonBlank(lines, index)] : undefined;
    const previousLast = previous && lastCodeToken(previous);
    // No blank line right after `{` or right before `}`; always one after a top-level block.
    const blockStart = previousLast === '{';
    const blockEnd = first === '}';
    const afterTopLevelBlock = previous !== undefined && previousLast === '}' && previous.depthAfter === 0;
    if ((pendingBlank && !blockStart && !blockEnd) || afterTopLevelBlock) out.push('');
    pendingBlank = false;
    out.push(indentUnit.repeat(indentation(line)) + renderTokens(line.tokens));
  }
  return out.length > 0 ? out.join(newline) + newline : '';
}

/** The kind of the last token of a line that is not a comment. */
function lastCodeToken(line: Line): string | undefined {
  for (let i = line.tokens.length - 1; i >= 0; i--) {
    if (line.tokens[i].token.kind !== 'comment') return line.tokens[i].token.kind;
  }
  return undefined;
}

function lastNonBlank(lines: Line[], before: number): number {
  let i = before - 1;
  while (i >= 0 && lines[i].tokens.length === 0) i--;
  return i;
}

/** A line's indentation level: its open brackets, less the closers it starts with. */
function indentation(line: Line): number {
  let level = line.depth;
  for (const { token } of line.tokens) {
    if (token.kind !== '}' && token.kind !== ')' && token.kind !== ']') break;
    level--;
  }
  return Math.max(0, level);
}

function splitLines(tokens: Token[]): Line[] {
  const lines: Line[] = [];
  const open: string[] = [];
  let current: Line = { tokens: [], depth: 0, depthAfter: 0 };
  const finish = (): void => {
    current.depthAfter = open.length;
    lines.push(current);
    current = { tokens: [], depth: open.length, depthAfter: open.length };
  };
  for (const token of tokens) {
    if (token.kind === 'newline' || token.kind === 'eof') {
      finish();
      continue;
    }
    current.tokens.push({ token, inBrackets: open.some((bracket) => bracket !== '{') });
    if (token.kind === '{' || token.kind === '(' || token.kind === '[') open.push(token.kind);
    else if (token.kind === '}' || token.kind === ')' || token.kind === ']') open.pop();
  }
  return lines;
}

function renderTokens(tokens: PlacedToken[]): string {
  let out = '';
  for (const [i, placed] of tokens.entries()) {
    const text = placed.token.kind === 'comment' ? placed.token.text.trimEnd() : placed.token.text;
    out += i === 0 ? text : spaceBetween(tokens[i - 1], placed) + text;
  }
  return out;
}

function spaceBetween(previous: PlacedToken, next: PlacedToken): string {
  const a = previous.token.kind;
  const b = next.token.kind;
  if (b === 'comment') return '  ';
  if (a === '(' || a === '[') return '';
  if (b === ')' || b === ']' || b === ',' || b === ';') return '';
  if (a === ',' || a === ';') return ' ';
  if (a === '=' || b === '=') return (b === '=' ? next : previous).inBrackets ? '' : ' ';
  // A call: `Dense(`, `adam(`; a tuple after anything else keeps its space.
  if (b === '(' && (a === 'identifier' || a === 'keyword')) return '';
  return ' ';
}
