// SourceText (text.ts): offset ↔ position, checked against the lexer's own positions.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { tokenize } from '../../src/language/lexer';
import { comparePositions, formatPosition, SourceText, rangeContains } from '../../src/language/text';

describe('SourceText', () => {
  test('counts lines for every line ending', () => {
    assert.equal(new SourceText('').lineCount, 1);
    assert.equal(new SourceText('a').lineCount, 1);
    assert.equal(new SourceText('a\n').lineCount, 2);
    assert.equal(new SourceText('a\r\nb\rc\nd').lineCount, 4);
    assert.equal(new SourceText('\r\r\n\n').lineCount, 4);
  });

  test('positionAt and offsetAt are inverse on every offset', () => {
    const text = 'model M {\r\n  Dense(1) # 🧠\r  x\n\n}';
    const index = new SourceText(text);
    for (let offset = 0; offset <= text.length; offset++) {
      const position = index.positionAt(offset);
      const inBreak = text[offset - 1] === '\r' && text[offset] === '\n';
      // The offset between `\r` and `\n` has no position of its own: it maps to the end of its line.
      assert.equal(index.offsetAt(position), inBreak ? offset - 1 : offset, `offset ${offset}`);
    }
  });

  test('clamps out-of-range input instead of failing', () => {
    const index = new SourceText('ab\ncd');
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
    const index = new SourceText(text);
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

describe('SourceText text questions', () => {
  const source = new SourceText('model {\r\n\t  Dense(64, relu)\r\n}');
  test('keeps the file\'s line ending and reads indentation, line ends and slices', () => {
    assert.equal(source.newline, '\r\n');
    assert.equal(new SourceText('a\nb').newline, '\n');
    assert.equal(source.indentOf(1), '\t  ');
    assert.deepEqual(source.lineEnd(1), { line: 1, character: 18 });
    assert.equal(source.slice({ start: { line: 1, character: 3 }, end: { line: 1, character: 8 } }), 'Dense');
    assert.equal(source.charBefore({ line: 1, character: 9 }), '(');
    assert.equal(source.charBefore({ line: 0, character: 0 }), '');
  });
  test('answers the cursor\'s questions: line start, prefix, next non-blank, word', () => {
    assert.ok(source.startsLine({ line: 1, character: 3 }));
    assert.ok(!source.startsLine({ line: 1, character: 4 }));
    assert.equal(source.linePrefix({ line: 1, character: 9 }), '\t  Dense(');
    assert.equal(source.nextNonBlank({ line: 1, character: 12 }), 'r');
    assert.equal(source.nextNonBlank({ line: 2, character: 1 }), '');
    assert.deepEqual(source.wordAt({ line: 1, character: 5 }), { start: { line: 1, character: 3 }, end: { line: 1, character: 8 } });
    assert.deepEqual(source.wordAt({ line: 1, character: 9 }), { start: { line: 1, character: 9 }, end: { line: 1, character: 11 } });
    assert.deepEqual(source.wordAt({ line: 0, character: 6 }), { start: { line: 0, character: 6 }, end: { line: 0, character: 6 } });
  });
});
