// Fuzz test of the lexer and parser, seeded so every run checks the same inputs: random
// strings over an alphabet weighted toward the language's own characters, and random
// edits (insert, delete, duplicate a slice) of every golden fixture. For each input:
// nothing throws, every range lies within the text and has its start before its end,
// child nodes lie within their parents, siblings come in text order, and diagnostics
// are sorted syntax errors with messages.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tokenize } from '../../src/language/lexer';
import { parse } from '../../src/language/parser';
import type { ArgumentNode, DocumentNode, Position, Range, ValueNode } from '../../src/language/types';
import { seededRandom } from '../support/seeded-random';

const pieces = [
  'model', 'compile', 'fit', 'Dense', 'Input', 'relu', 'shape', 'true', 'x', '64', '-1', '1e-3', '.5', '1e', '"same"', "'a", '"',
  '(', ')', '[', ']', '{', '}', ',', ';', '=', ':', '#', ' ', ' ', '\n', '\n', '\r\n', '\r', '\t', '\\', '$', '🧠', '\ud800', '\u0000', '\ufeff',
];

function randomText(next: () => number): string {
  const length = Math.floor(next() * 120);
  let text = '';
  for (let i = 0; i < length; i++) {
    text += next() < 0.8 ? pieces[Math.floor(next() * pieces.length)] : String.fromCharCode(Math.floor(next() * 0x10000));
  }
  return text;
}

function randomEdit(text: string, next: () => number): string {
  const at = Math.floor(next() * (text.length + 1));
  const to = Math.min(text.length, at + Math.floor(next() * 40));
  const choice = next();
  if (choice < 0.35) return text.slice(0, at) + pieces[Math.floor(next() * pieces.length)] + text.slice(at);
  if (choice < 0.7) return text.slice(0, at) + text.slice(to);
  const from = Math.floor(next() * text.length);
  return text.slice(0, at) + text.slice(from, from + Math.floor(next() * 60)) + text.slice(at);
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

/** Checks one parse of `text`; returns a description of the first broken invariant. */
function check(text: string): void {
  const lineLengths = text.split(/\r\n|\r|\n/).map((l) => l.length);
  const inText = (p: Position): boolean => p.line >= 0 && p.line < lineLengths.length && p.character >= 0 && p.character <= lineLengths[p.line];
  const checkRange = (range: Range, what: string, parent?: Range): void => {
    assert.ok(inText(range.start) && inText(range.end), `${what} ${JSON.stringify(range)} lies outside the text`);
    assert.ok(before(range.start, range.end), `${what} ${JSON.stringify(range)} ends before it starts`);
    if (parent) assert.ok(before(parent.start, range.start) && before(range.end, parent.end), `${what} ${JSON.stringify(range)} is outside its parent ${JSON.stringify(parent)}`);
  };
  const checkOrdered = (ranges: Range[], what: string): void => {
    for (let i = 1; i < ranges.length; i++) assert.ok(before(ranges[i - 1].end, ranges[i].start), `${what} ${i} overlaps or precedes the one before`);
  };

  const tokens = tokenize(text);
  let offset = 0;
  for (const token of tokens) {
    assert.equal(text.slice(token.start, token.end), token.text);
    assert.ok(token.start >= offset, 'tokens in order');
    assert.ok(/^[\s\ufeff\u00a0]*$/.test(text.slice(offset, token.start)), 'only blanks between tokens');
    checkRange(token.range, `token ${JSON.stringify(token.text)}`);
    offset = token.end;
  }
  assert.equal(offset, text.length, 'tokens reach the end of the text');

  const { document, diagnostics } = parse(text);
  checkDocument(document, checkRange, checkOrdered);
  for (const d of diagnostics) {
    checkRange(d.range, `diagnostic ${d.code}`);
    assert.match(d.code, /^DNN1\d\d$/);
    assert.ok(d.message.length > 0);
    for (const fix of d.fixes ?? []) for (const edit of fix.edits) checkRange(edit.range, `fix of ${d.code}`);
  }
  for (let i = 1; i < diagnostics.length; i++) assert.ok(before(diagnostics[i - 1].range.start, diagnostics[i].range.start), 'diagnostics sorted');
}

function checkDocument(
  document: DocumentNode,
  checkRange: (range: Range, what: string, parent?: Range) => void,
  checkOrdered: (ranges: Range[], what: string) => void,
): void {
  checkRange(document.range, 'document');
  const checkValue = (value: ValueNode, parent: Range): void => {
    checkRange(value.range, `value ${value.kind}`, parent);
    if (value.kind === 'list') {
      checkOrdered(value.items.map((v) => v.range), 'list item');
      for (const item of value.items) checkValue(item, value.range);
    } else if (value.kind === 'call') {
      checkRange(value.callee.range, 'callee', value.range);
      checkArguments(value.args, value.range);
    }
  };
  const checkArguments = (args: ArgumentNode[], parent: Range): void => {
    checkOrdered(args.map((a) => a.range), 'argument');
    for (const arg of args) {
      checkRange(arg.range, 'argument', parent);
      if (arg.name) checkRange(arg.name.range, 'argument name', arg.range);
      checkValue(arg.value, arg.range);
    }
  };
  const blocks: Range[] = [];
  if (document.model) {
    const model = document.model;
    checkRange(model.range, 'model', document.range);
    checkRange(model.keywordRange, 'model keyword', model.range);
    if (model.name) checkRange(model.name.range, 'model name', model.range);
    checkOrdered(model.layers.map((l) => l.range), 'layer');
    for (const layer of model.layers) {
      checkRange(layer.range, 'layer', model.range);
      checkRange(layer.type.range, 'layer type', layer.range);
      checkRange(layer.argsRange, 'layer arguments', layer.range);
      checkArguments(layer.args, layer.argsRange);
    }
    blocks.push(model.range);
  }
  for (const section of document.sections) {
    checkRange(section.range, `section ${section.kind}`, document.range);
    checkRange(section.keywordRange, 'section keyword', section.range);
    checkOrdered(section.settings.map((s) => s.range), 'setting');
    for (const setting of section.settings) {
      checkRange(setting.range, 'setting', section.range);
      checkRange(setting.key.range, 'setting key', setting.range);
      checkValue(setting.value, setting.range);
    }
    blocks.push(section.range);
  }
  checkOrdered(blocks.slice(1), 'section');
  checkOrdered(document.comments.map((c) => c.range), 'comment');
  for (const comment of document.comments) checkRange(comment.range, 'comment', document.range);
}

function replayable(text: string, run: () => void): void {
  try {
    run();
  } catch (error) {
    assert.fail(`${error instanceof Error ? error.message : String(error)}\ninput: ${JSON.stringify(text)}`);
  }
}

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'parser');
const examples = ['ok', 'err'].flatMap((folder) =>
  readdirSync(join(fixtures, folder))
    .filter((f) => f.endsWith('.dnn'))
    .map((f) => readFileSync(join(fixtures, folder, f), 'utf8')),
);

test('random texts: no throw, ranges within the text and ordered', () => {
  const next = seededRandom(20251125);
  for (let i = 0; i < 4000; i++) {
    const text = randomText(next);
    replayable(text, () => check(text));
  }
});

test('random edits of every fixture: no throw, ranges within the text and ordered', () => {
  const next = seededRandom(7);
  for (const example of examples) {
    for (let i = 0; i < 60; i++) {
      let text = example;
      const edits = 1 + Math.floor(next() * 4);
      for (let e = 0; e < edits; e++) text = randomEdit(text, next);
      replayable(text, () => check(text));
    }
  }
});

test('every prefix of the article model (typing it from scratch)', () => {
  const article = readFileSync(join(fixtures, 'ok', 'mnist-mlp.dnn'), 'utf8');
  for (let end = 0; end <= article.length; end++) {
    const text = article.slice(0, end);
    replayable(text, () => check(text));
  }
});

test('a large random byte string', () => {
  const next = seededRandom(99);
  let text = '';
  for (let i = 0; i < 200_000; i++) text += String.fromCharCode(Math.floor(next() * 256));
  replayable(text.slice(0, 200), () => check(text));
});
