import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { tokenize, type Token } from '../../src/language/lexer';

/** `kind text` of every token but line breaks and the end of file, for compact expectations. */
function shape(text: string): string[] {
  return tokenize(text)
    .filter((t) => t.kind !== 'newline' && t.kind !== 'eof')
    .map((t) => (t.kind === t.text ? t.kind : `${t.kind} ${t.text}`));
}

function only(text: string): Token {
  const tokens = tokenize(text).filter((t) => t.kind !== 'eof');
  assert.equal(tokens.length, 1, `one token in ${JSON.stringify(text)}: ${tokens.map((t) => t.kind).join(', ')}`);
  return tokens[0];
}

describe('lexer', () => {
  test('reads the article model line by line', () => {
    assert.deepEqual(shape('model MnistMLP {\n    Dense(64, activation=relu)\n}'), [
      'keyword model',
      'identifier MnistMLP',
      '{',
      'identifier Dense',
      '(',
      'number 64',
      ',',
      'identifier activation',
      '=',
      'identifier relu',
      ')',
      '}',
    ]);
    assert.deepEqual(shape('compile { optimizer = adam(learning_rate=0.001); metrics = [accuracy] }\nfit {}'), [
      'keyword compile',
      '{',
      'identifier optimizer',
      '=',
      'identifier adam',
      '(',
      'identifier learning_rate',
      '=',
      'number 0.001',
      ')',
      ';',
      'identifier metrics',
      '=',
      '[',
      'identifier accuracy',
      ']',
      '}',
      'keyword fit',
      '{',
      '}',
    ]);
  });

  test('keywords and booleans are whole words only', () => {
    assert.deepEqual(shape('model models fit fitness compile true false True trueish'), [
      'keyword model',
      'identifier models',
      'keyword fit',
      'identifier fitness',
      'keyword compile',
      'boolean true',
      'boolean false',
      'identifier True',
      'identifier trueish',
    ]);
  });

  test('numbers: integers, decimals, signs and exponents', () => {
    for (const text of ['0', '64', '-1', '+2', '0.001', '.5', '-.5', '5.', '1e-3', '1E+3', '2.5e10', '-0.5e2']) {
      const token = only(text);
      assert.equal(token.kind, 'number', text);
      assert.equal(token.problem, undefined, text);
      assert.ok(Number.isFinite(Number(token.text)), text);
    }
  });

  test('a malformed number is one token with a problem, not a number and a word', () => {
    for (const text of ['1e', '1e+', '64x', '1.2.3', '3relu', '1_000', '0x1F']) {
      const token = only(text);
      assert.equal(token.kind, 'number', text);
      assert.equal(token.problem?.code, 'invalidNumber', text);
      assert.match(token.problem.message, /invalid number/);
    }
    assert.match(only('1e999').problem?.message ?? '', /too large/);
  });

  test('a minus sign not before a number is an unexpected character', () => {
    assert.deepEqual(shape('-relu'), ['unknown -', 'identifier relu']);
  });

  test('strings in double or single quotes, with escapes resolved in value', () => {
    assert.equal(only('"same"').value, 'same');
    assert.equal(only("'same'").value, 'same');
    assert.equal(only(String.raw`"a \"b\" c"`).value, 'a "b" c');
    assert.equal(only(String.raw`'it\'s'`).value, "it's");
    assert.equal(only(String.raw`"tab\tnew\nline \\ \q"`).value, 'tab\tnew\nline \\ q');
    assert.equal(only(`"it's"`).value, "it's");
    assert.equal(only('""').value, '');
  });

  test('an unterminated string ends at the end of its line', () => {
    const tokens = tokenize('"same)\nDense(10)');
    assert.equal(tokens[0].kind, 'string');
    assert.equal(tokens[0].text, '"same)');
    assert.equal(tokens[0].value, 'same)');
    assert.equal(tokens[0].problem?.code, 'unterminatedString');
    assert.equal(tokens[1].kind, 'newline');
    assert.equal(tokens[2].text, 'Dense');
    // A backslash right before the line break stays in the string.
    const escaped = tokenize('"abc\\\nx');
    assert.equal(escaped[0].text, '"abc\\');
    assert.equal(escaped[1].kind, 'newline');
    assert.equal(only('"at the end of the file').problem?.code, 'unterminatedString');
  });

  test('comments run to the end of the line and are kept as tokens', () => {
    const tokens = tokenize('Dense(64) # hidden # layer\r\n# last');
    assert.deepEqual(
      tokens.map((t) => [t.kind, t.text]),
      [
        ['identifier', 'Dense'],
        ['(', '('],
        ['number', '64'],
        [')', ')'],
        ['comment', '# hidden # layer'],
        ['newline', '\r\n'],
        ['comment', '# last'],
        ['eof', ''],
      ],
    );
  });

  test('runs of unexpected characters are one token each, naming the characters', () => {
    const tokens = tokenize('Dense $%^ 🧠\u0000');
    assert.deepEqual(
      tokens.map((t) => [t.kind, t.text]),
      [
        ['identifier', 'Dense'],
        ['unknown', '$%^'],
        ['unknown', '🧠\u0000'],
        ['eof', ''],
      ],
    );
    assert.equal(tokens[1].problem?.message, "unexpected characters '$' '%' '^'");
    assert.equal(tokens[2].problem?.message, "unexpected characters '🧠' U+0000");
    assert.equal(only('@').problem?.message, "unexpected character '@'");
  });

  test('a surrogate pair is never split, even when unpaired halves surround it', () => {
    const tokens = tokenize('\ud83e\udde0x\ud800');
    assert.deepEqual(
      tokens.map((t) => t.text),
      ['\ud83e\udde0', 'x', '\ud800', ''],
    );
  });

  test('blanks: spaces, tabs, form feeds, a byte-order mark and no-break spaces', () => {
    assert.deepEqual(shape('\ufeffmodel\tM\u00a0{\f}\v'), ['keyword model', 'identifier M', '{', '}']);
  });

  test('line breaks: \\n, \\r\\n and a lone \\r each end one line', () => {
    const tokens = tokenize('a\nb\r\nc\rd');
    assert.deepEqual(
      tokens.filter((t) => t.kind === 'identifier').map((t) => [t.text, t.range.start.line, t.range.start.character]),
      [
        ['a', 0, 0],
        ['b', 1, 0],
        ['c', 2, 0],
        ['d', 3, 0],
      ],
    );
    const crlf = tokens.find((t) => t.text === '\r\n');
    assert.deepEqual(crlf?.range, { start: { line: 1, character: 1 }, end: { line: 2, character: 0 } });
  });

  test('newlineBefore marks the first significant token of each line', () => {
    const tokens = tokenize('Dense(64,  # note\n  activation=relu) $ Dense\n$ Flatten()');
    const marked = tokens.filter((t) => t.newlineBefore).map((t) => t.text);
    // The comment and the unknown `$` do not count: `Flatten` is still first on its line.
    assert.deepEqual(marked, ['Dense', 'activation', 'Flatten', '']);
  });

  test('ranges are UTF-16 based and match the offsets', () => {
    const text = '# 🧠 brain\nmodel Ü { Dense(1) }';
    for (const token of tokenize(text)) {
      assert.equal(text.slice(token.start, token.end), token.text);
    }
    const model = tokenize(text).find((t) => t.text === 'Ü');
    assert.deepEqual(model?.range, { start: { line: 1, character: 6 }, end: { line: 1, character: 7 } });
  });

  test('the end of file token is last and empty, also for an empty text', () => {
    assert.deepEqual(
      tokenize('').map((t) => [t.kind, t.start, t.end, t.newlineBefore]),
      [['eof', 0, 0, true]],
    );
    const tokens = tokenize('x\n');
    assert.deepEqual(tokens.at(-1)?.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } });
  });
});
