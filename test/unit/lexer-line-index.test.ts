// LineIndex (text.ts): offset ↔ position, checked against the lexer's own positions.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { tokenize } from '../../src/language/lexer';
import { comparePositions, formatPosition, LineIndex, rangeContains } from '../../src/language/text';

describe('LineIndex', () => {
  test('counts lines for every line ending', () => {
    assert.equal(new LineIndex('').lineCount, 1);
    assert.equal(new LineIndex('a').lineCount, 1);
    assert.equal(new LineIndex('a\n').lineCount, 2);
    assert.equal(new LineIndex('a\r\nb\rc\nd').lineCount, 4);
    assert.equal(new LineIndex('\r\r\n\n').lineCount, 4);
  });

  test('positionAt and offsetAt are inverse on every offset', () => {
    const text = 'model M {\r\n  Dense(1) # 🧠\r  x\n\n}';
    const index = new LineIndex(text);
    for (let offset = 0; offset <= text.length; offset++) {
      const position = index.positionAt(offset);
      const inBreak = text[offset - 1] === '\r' && text[offset] === '\n';
      // The offset between `\r` and `\n` has no position of its own: it maps to the end of its line.
      assert.equal(index.offsetAt(position), inBreak ? offset - 1 : offset, `offset ${offset}`);
    }
  });

  test('clamps out-of-range input instead of failing', () => {
    const index = new LineIndex('ab\ncd');
    assert.deepEqual(index.positionAt(-5), { line: 0, character: 0 });
    assert.deepEqual(index.positionAt(99), { line: 1, character: 2 });
    assert.deepEqual(index.positionAt(Number.NaN), { line: 0, character: 0 });
    assert.equal(index.offsetAt({ line: -1, character: 3 }), 0);
    assert.equal(index.offsetAt({ line: 7, character: 0 }), 5);
    assert.equal(index.offsetAt({ line: 0, character: 99 }), 2, 'past the end of a line is its end, not the next line');
    assert.equal(index.offsetAt({ line: 1, character: -4 }), 3);
  });

  test("agrees with the lexer's positions for every token", () => {
    const text = '\ufeff# head\r\nmodel Ü {\r  Dense(64,\n\tactivation="🧠")\r\n}\n';
    const index = new LineIndex(text);
    for (const token of tokenize(text)) {
      assert.deepEqual(index.positionAt(token.start), token.range.start, `start of ${JSON.stringify(token.text)}`);
      if (token.kind !== 'newline') assert.deepEqual(index.positionAt(token.end), token.range.end, `end of ${JSON.stringify(token.text)}`);
      assert.deepEqual(index.rangeAt(token.start, token.start), { start: token.range.start, end: token.range.start });
    }
  });

  test('position helpers', () => {
    assert.ok(comparePositions({ line: 1, character: 0 }, { line: 0, character: 9 }) > 0);
    assert.ok(comparePositions({ line: 2, character: 3 }, { line: 2, character: 4 }) < 0);
    assert.equal(comparePositions({ line: 2, character: 3 }, { line: 2, character: 3 }), 0);
    const range = { start: { line: 1, character: 4 }, end: { line: 1, character: 9 } };
    assert.ok(rangeContains(range, { line: 1, character: 9 }), 'the end touches');
    assert.ok(!rangeContains(range, { line: 1, character: 10 }));
    assert.equal(formatPosition({ line: 2, character: 9 }), '3:10');
  });
});
