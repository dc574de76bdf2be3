// Formatting: canonical spacing, indentation and alignment, over the lexer's tokens. The
// user's line breaks are kept (a layer call may span lines); everything else is canonical:
//   Dense(64, activation=relu)        no spaces inside brackets, `, ` between arguments,
//   loss = categorical_crossentropy   ` = ` in settings, `=` alone in calls,
//   model MnistMLP {                  one space before `{`, 4 spaces per block level;
//   Dense(64,                         a call continued on the next line lines up under its
//         activation=relu)            first argument, or (when `(` ends the line) goes 4 in;
//   Dense(10)        # comment        trailing comments of consecutive lines line up, two
//   Flatten()        # comment        spaces after the longest line of the run;
// at most one blank line in a row, none at the start or end of a block, one between
// top-level blocks, and exactly one line break at the end of the file.
// Formatting twice gives the same text, and the formatted text analyses to the same model.
import { tokenize, type Token } from '../lexer';
import { SourceText } from '../text';
import type { Analysis } from '../types';
import type { TextEdit } from './types';
import { largest } from '../extremes';

const indentWidth = 4;

/** The edits that format the document; none when it has syntax errors (the layout is unclear) or is formatted. */
export function formatDocument(analysis: Analysis, text: string): TextEdit[] {
  if (analysis.diagnostics.some((d) => d.code.startsWith('DNN1'))) return [];
  const formatted = formatText(text);
  if (formatted === text) return [];
  const lines = new SourceText(text);
  return [{ range: lines.rangeAt(0, text.length), newText: formatted }];
}

/** One source line: its tokens without the line break, comments included. */
type SourceLine = Token[];

/** A formatted line: indentation + code, and a trailing comment aligned later. */
interface OutputLine {
  code: string;
  comment?: string;
}

/** An open bracket: where lines inside it start, and where its closer goes. */
interface OpenBracket {
  kind: '{' | '(' | '[';
  /** Indentation (columns) of lines inside the bracket. */
  inner: number;
  /** Indentation of the line that opened it: a line starting with its closer goes there. */
  outer: number;
}

export function formatText(text: string): string {
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = splitLines(tokenize(text));
  const out: OutputLine[] = [];
  const open: OpenBracket[] = [];
  let pendingBlank = false;
  let previousCode: string | undefined;
  let previousClosedTopLevel = false;
  for (const line of lines) {
    if (line.length === 0) {
      pendingBlank = out.length > 0;
      continue;
    }
    const first = line[0].kind;
    const startsWithCloser = first === '}' || first === ')' || first === ']';
    // No blank line right after an opening bracket or before a closing one; always one after a top-level block.
    const hugsBracket = (previousCode !== undefined && '{(['.includes(previousCode)) || startsWithCloser;
    if ((pendingBlank && !hugsBracket) || previousClosedTopLevel) out.push({ code: '' });
    pendingBlank = false;
    const indent = startsWithCloser && open.length > 0 ? open[open.length - 1].outer : (open.at(-1)?.inner ?? 0);
    const rendered = renderLine(line, indent, open);
    out.push(rendered.line);
    previousCode = rendered.lastCode;
    previousClosedTopLevel = rendered.lastCode === '}' && open.length === 0;
  }
  alignComments(out);
  return out.length > 0 ? out.map((l) => (l.comment === undefined ? l.code : `${l.code}${l.comment}`)).join(newline) + newline : '';
}

/** Renders one line at `indent`, updating the open brackets as its tokens open and close them. */
function renderLine(tokens: SourceLine, indent: number, open: OpenBracket[]): { line: OutputLine; lastCode?: string } {
  let code = ' '.repeat(indent);
  let comment: string | undefined;
  let lastCode: string | undefined;
  let previous: Token | undefined;
  tokens.forEach((token, i) => {
    if (token.kind === 'comment') {
      comment = token.text.trimEnd();
      return;
    }
    if (previous) code += spaceBetween(previous, token, open);
    code += token.text;
    if (token.kind === '{' || token.kind === '(' || token.kind === '[') {
      const next = tokens[i + 1];
      // `Dense(64,` continues under `64`; `Dense(` at the line's end continues 4 in.
      const visual = token.kind !== '{' && next !== undefined && next.kind !== 'comment';
      open.push({ kind: token.kind, inner: visual ? code.length : indent + indentWidth, outer: indent });
    } else if (token.kind === '}' || token.kind === ')' || token.kind === ']') {
      open.pop();
    }
    previous = token;
    lastCode = token.kind;
  });
  // A comment-only line keeps its indentation as its "code" and is never aligned.
  return { line: { code, comment }, lastCode };
}

function splitLines(tokens: Token[]): SourceLine[] {
  const lines: SourceLine[] = [[]];
  for (const token of tokens) {
    if (token.kind === 'newline') lines.push([]);
    else if (token.kind !== 'eof') lines[lines.length - 1].push(token);
  }
  return lines;
}

function spaceBetween(previous: Token, next: Token, open: OpenBracket[]): string {
  const a = previous.kind;
  const b = next.kind;
  if (a === '(' || a === '[') return '';
  if (b === ')' || b === ']' || b === ',' || b === ';') return '';
  if (a === ',' || a === ';') return ' ';
  // `name=value` inside a call or list, `key = value` in a block.
  if (a === '=' || b === '=') return open.length > 0 && open[open.length - 1].kind !== '{' ? '' : ' ';
  // A call: `Dense(`, `adam(`; an application right after its call: `Add()([a, b])`; a tuple after anything else keeps its space.
  if (b === '(' && (a === 'identifier' || a === 'keyword' || a === ')')) return '';
  return ' ';
}

/**
 * Trailing comments of consecutive code lines share one column: two spaces after the
 * longest code of the run. A line without a trailing comment (or a blank one) ends a run.
 */
function alignComments(lines: OutputLine[]): void {
  let start = 0;
  while (start < lines.length) {
    if (!hasTrailingComment(lines[start])) {
      start++;
      continue;
    }
    let end = start;
    while (end < lines.length && hasTrailingComment(lines[end])) end++;
    const column = largest(lines.slice(start, end).map((l) => l.code.length)) + 2;
    for (const line of lines.slice(start, end)) line.comment = ' '.repeat(column - line.code.length) + line.comment;
    start = end;
  }
}

function hasTrailingComment(line: OutputLine): boolean {
  return line.comment !== undefined && line.code.trim() !== '';
}
