// The parser's public behaviour beyond the golden files: the tree the others build on,
// partial nodes, quick fixes that really fix, and limits.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { codes } from '../../src/language/codes';
import { parse } from '../../src/language/parser';
import type { Diagnostic, ValueNode } from '../../src/language/types';
import { applyEdits } from '../support/edits';

const article = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'parser', 'ok', 'mnist-mlp.dnn'), 'utf8');

/** A value as plain data, ranges left out: `64`, `'relu'`, `['[', 784]`, `{ adam: { learning_rate: 0.001 } }`. */
function plain(value: ValueNode): unknown {
  switch (value.kind) {
    case 'number':
    case 'string':
    case 'bool':
      return value.value;
    case 'identifier':
      return `id:${value.name}`;
    case 'list':
      return [value.bracket, ...value.items.map(plain)];
    case 'call':
      return { [value.callee.name]: Object.fromEntries(value.args.map((a, i) => [a.name?.name ?? i, plain(a.value)])) };
    case 'missing':
      return 'missing';
  }
}

/** The text after every diagnostic's preferred fix. */
function applyFixes(text: string, diagnostics: Diagnostic[]): string {
  return applyEdits(text, diagnostics.flatMap((d) => d.fixes?.find((f) => f.isPreferred)?.edits ?? []));
}

describe('parser', () => {
  test("the article's model: layers, arguments, sections and comments", () => {
    const { document, diagnostics } = parse(article);
    assert.deepEqual(diagnostics, []);
    assert.equal(document.model?.name?.name, 'MnistMLP');
    assert.deepEqual(
      document.model?.layers.map((l) => [l.type.name, l.args.map((a) => [a.name?.name ?? null, plain(a.value)])]),
      [
        ['Input', [['shape', ['[', 784]]]],
        ['Dense', [[null, 64], ['activation', 'id:relu']]],
        ['Dense', [[null, 64], ['activation', 'id:relu']]],
        ['Dense', [[null, 10], ['activation', 'id:softmax']]],
      ],
    );
    assert.deepEqual(
      document.sections.map((s) => [s.kind, Object.fromEntries(s.settings.map((x) => [x.key.name, plain(x.value)]))]),
      [
        ['compile', { optimizer: { adam: { learning_rate: 0.001 } }, loss: 'id:categorical_crossentropy', metrics: ['[', 'id:accuracy'] }],
        ['fit', { dataset: 'id:mnist', epochs: 10, batch_size: 128, validation_split: 0.2 }],
      ],
    );
    assert.deepEqual(document.comments.map((c) => c.text), ["# mnist-mlp.dnn: the article's Keras model"]);
    assert.deepEqual(document.range, { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } });
  });

  test('numbers keep their text and whether they were written as integers', () => {
    const { document } = parse('model M { Reshape(target_shape=[-1, 8.0, 1e2, 7]) }');
    const list = document.model?.layers[0].args[0].value;
    assert.equal(list?.kind, 'list');
    assert.deepEqual(
      list.items.map((v) => (v.kind === 'number' ? [v.text, v.value, v.isInteger] : v.kind)),
      [
        ['-1', -1, true],
        ['8.0', 8, false],
        ['1e2', 100, false],
        ['7', 7, true],
      ],
    );
  });

  test('a layer with a missing ) is still a layer, and the layers after it parse', () => {
    const { document, diagnostics } = parse('model M {\n  Input(shape=[784])\n  Dense(64, activation=relu\n  Dense(10)\n}\nfit { epochs = 1 }');
    assert.deepEqual(
      document.model?.layers.map((l) => [l.type.name, l.args.length]),
      [
        ['Input', 1],
        ['Dense', 2],
        ['Dense', 1],
      ],
    );
    assert.equal(document.sections.length, 1);
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].code, codes.unclosedBracket.code);
    assert.equal(diagnostics[0].message, "expected ')' to close 'Dense(' opened at 3:8, found newline");
    // The partial layer ends at its last token; its arguments range has no `)`.
    const dense = document.model?.layers[1];
    assert.deepEqual(dense?.range, { start: { line: 2, character: 2 }, end: { line: 2, character: 27 } });
    assert.deepEqual(dense?.argsRange, { start: { line: 2, character: 7 }, end: { line: 2, character: 27 } });
  });

  test('a lone layer type without parentheses is kept as a layer with no arguments', () => {
    const { document, diagnostics } = parse('model M {\n  Input(shape=[784])\n  Flatten\n  Dense(10)\n}');
    assert.deepEqual(document.model?.layers.map((l) => l.type.name), ['Input', 'Flatten', 'Dense']);
    assert.equal(diagnostics.length, 1);
    assert.equal(document.model?.layers[1].args.length, 0);
  });

  test('a missing value is a `missing` node where the value belongs', () => {
    const { document } = parse('model M { Dense(10, activation=) }');
    const value = document.model?.layers[0].args[1].value;
    assert.deepEqual(value, { kind: 'missing', range: { start: { line: 0, character: 31 }, end: { line: 0, character: 31 } } });
  });

  test('duplicate sections stay in file order; a second model is left out', () => {
    const { document, diagnostics } = parse('model A { Input(shape=[1]) }\nmodel B { Input(shape=[2]) }\nfit { epochs = 1 }\nfit { epochs = 2 }');
    assert.equal(document.model?.name?.name, 'A');
    assert.deepEqual(document.sections.map((s) => plain(s.settings[0].value)), [1, 2]);
    assert.deepEqual(diagnostics.map((d) => d.code), [codes.secondModel.code, codes.duplicateSection.code]);
  });

  test('diagnostics carry the code table severity and come sorted by position', () => {
    const { diagnostics } = parse('fit { epochs 1 }\nmodel M {\n  Dense(64 relu)\n  $\n}\nfoo');
    const byCode = new Map<string, string>(Object.values(codes).map((c) => [c.code, c.severity]));
    for (const d of diagnostics) assert.equal(d.severity, byCode.get(d.code));
    const starts = diagnostics.map((d) => d.range.start.line * 1000 + d.range.start.character);
    assert.deepEqual(starts, [...starts].sort((a, b) => a - b));
    assert.deepEqual(diagnostics.map((d) => d.code), ['DNN112', 'DNN104', 'DNN104', 'DNN101', 'DNN108']);
  });

  describe('every preferred quick fix removes its error', () => {
    const cases: [string, string][] = [
      ['missing )', 'model M {\n  Dense(64, activation=relu\n  Dense(10)\n}'],
      ['missing ) before }', 'model M {\n  Dense(64\n}'],
      ['missing ] inside a call', 'model M {\n  Input(shape=[784)\n}'],
      ['missing } of the model', 'model M {\n  Dense(64)\ncompile { loss = mse }'],
      ['a lone layer type', 'model M {\n  Flatten\n}'],
      ['a colon for =', 'model M { Dense(units: 64) }\nfit { epochs: 3 }'],
      ['a doubled =', 'model M { Dense(10, activation==relu) }'],
      ['a misspelt keyword', 'modle M { Dense(1) }\nfitt { epochs = 1 }'],
      ['a missing = in a setting', 'model M { Dense(1) }\nfit { epochs 3 }'],
      ['a missing , between arguments and between values', 'model M {\n  Dense(64 activation=relu)\n  Conv2D(8, kernel_size=(3\n3))\n}'],
    ];
    for (const [name, text] of cases) {
      test(name, () => {
        const before = parse(text).diagnostics;
        assert.ok(before.length > 0, 'the case has an error');
        const fixed = applyFixes(text, before);
        assert.deepEqual(parse(fixed).diagnostics.map((d) => d.message), [], `after the fixes:\n${fixed}`);
      });
    }
  });

  test('a missing separator offers to put the next layer or setting on its own line', () => {
    for (const text of ['model M {\n  Dense(64) Dense(10)\n}', 'model M { Dense(1) }\nfit {\n  epochs = 1 batch_size = 8\n}']) {
      const [diagnostic] = parse(text).diagnostics;
      assert.equal(diagnostic.code, codes.missingSeparator.code);
      const fix = diagnostic.fixes?.[0];
      assert.ok(fix, text);
      assert.deepEqual(parse(applyFixes(text, [{ ...diagnostic, fixes: [{ ...fix, isPreferred: true }] }])).diagnostics, []);
    }
  });

  test("a missing ',' before something that is no argument is not guessed at", () => {
    const [diagnostic] = parse('model M {\n  Dense(64 = 3)\n}').diagnostics;
    assert.equal(diagnostic.message, "expected ',' or ')', found '='");
    assert.notEqual(diagnostic.fixes?.[0]?.isPreferred, true);
  });

  test('brackets nested beyond the limit are skipped with one error, without deep recursion', () => {
    const text = `model M {\n  Dense(${'['.repeat(100_000)}1${']'.repeat(100_000)})\n  Dense(10)\n}`;
    const { document, diagnostics } = parse(text);
    assert.deepEqual(diagnostics.map((d) => d.code), [codes.nestedTooDeeply.code]);
    assert.deepEqual(document.model?.layers.map((l) => l.type.name), ['Dense', 'Dense']);
  });

  test('an empty or blank text has no model and one error', () => {
    for (const text of ['', '\n\n', '   # just a comment']) {
      const { document, diagnostics } = parse(text);
      assert.equal(document.model, undefined);
      assert.deepEqual(diagnostics.map((d) => d.code), [codes.missingModel.code]);
    }
  });
});
