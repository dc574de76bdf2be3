// The analyzer never throws: random edits of the examples and of generated models (numbers
// made zero, negative, huge or fractional; names swapped; characters dropped; lines repeated)
// always give an analysis whose diagnostics and fixes point inside the text.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../src/language/analyzer';
import { activations, layers } from '../../src/language/catalogue';
import { codes } from '../../src/language/codes';
import { SourceText } from '../../src/language/text';
import type { Range } from '../../src/language/types';
import { seededRandom, type Random } from '../support/seeded-random';
import { generateModel, integer, pick } from './random-models';

const examples = join(__dirname, '..', '..', 'examples');
const seeds = [
  readFileSync(join(examples, 'mnist-mlp.dnn'), 'utf8'),
  readFileSync(join(examples, 'mnist-cnn.dnn'), 'utf8'),
  ...readdirSync(join(examples, 'errors')).map((f) => readFileSync(join(examples, 'errors', f), 'utf8')),
];
const knownCodes = new Set<string>(Object.values(codes).map((c) => c.code));
const words = [
  ...layers.map((l) => l.type),
  ...activations.map((a) => a.name),
  'none', 'true', 'same', '"valid"', 'idx(', 'adam(', '[', ']', '(', ')', ',', '=', '-1', '0', '1e9', '2.5', 'model', 'fit', 'compile', '{', '}', '#',
];

function mutate(random: Random, text: string): string {
  switch (integer(random, 0, 7)) {
    case 6: // a value the parser can't read
      return text.replace(/=\s*[^,)\n]+|\b\d+\b/g, (value) => (random() < 0.15 ? pick(random, ['=', '= ,', '3x', '1e', '=)', '= [']) : value));
    case 7: // the Input line goes
      return text.replace(/^.*Input\(.*$/m, '');
    case 0: // a number becomes another number
      return text.replace(/-?\d+(\.\d+)?/g, (n) => (random() < 0.2 ? pick(random, ['0', '-1', '-3', '99999999', '2.5', '1e-9', '100000']) : n));
    case 1: {
      const at = integer(random, 0, text.length);
      return text.slice(0, at) + text.slice(at + integer(random, 1, 6));
    }
    case 2: {
      const at = integer(random, 0, text.length);
      return `${text.slice(0, at)} ${pick(random, words)} ${text.slice(at)}`;
    }
    case 3: {
      const lines = text.split('\n');
      const line = integer(random, 0, lines.length - 1);
      lines.splice(line, 0, lines[line] ?? '');
      return lines.join('\n');
    }
    case 4: // a name becomes another name
      return text.replace(/\b[A-Za-z_][A-Za-z0-9_]*\b/g, (name) => (random() < 0.1 ? pick(random, words) : name));
    default:
      return text.replace(/\n/g, () => (random() < 0.1 ? '' : '\n'));
  }
}

function inside(range: Range, lines: SourceText, length: number): boolean {
  const start = lines.offsetAt(range.start);
  const end = lines.offsetAt(range.end);
  return start <= end && end <= length && lines.positionAt(start).line === range.start.line && range.start.line < lines.lineCount;
}

test('random edits never make the analyzer throw, and every range is inside the text', () => {
  const random = seededRandom(Number(process.env.DNN_FUZZ_SEED ?? 7));
  const shapeOf = (text: string) => analyze(text).layers.at(-1)?.outputShape?.slice(1) as number[] | undefined;
  for (let i = 0; i < 3000; i++) {
    let text = i % 3 === 0 ? generateModel(random, shapeOf).text : pick(random, seeds);
    for (let edits = integer(random, 1, 4); edits > 0; edits--) text = mutate(random, text);
    const analysis = analyze(text, { maxParams: 1e6, maxActivationBytes: 1e8 });
    const lines = new SourceText(text);
    for (const diagnostic of analysis.diagnostics) {
      assert.ok(knownCodes.has(diagnostic.code), `unknown code ${diagnostic.code}`);
      assert.ok(inside(diagnostic.range, lines, text.length), `${diagnostic.code} range outside the text:\n${text}`);
      for (const fix of diagnostic.fixes ?? []) {
        for (const edit of fix.edits) assert.ok(inside(edit.range, lines, text.length), `fix '${fix.title}' edits outside the text`);
      }
    }
    assert.equal(analysis.spec !== undefined, !analysis.diagnostics.some((d) => d.severity === 'error'), text);
    for (const layer of analysis.layers) {
      const shown = `${layer.formula ?? ''} ${JSON.stringify(layer.outputShape ?? [])} ${layer.params ?? 0}`;
      assert.doesNotMatch(shown, /undefined|NaN|Infinity/, `${layer.name}: ${shown}\n${text}`);
    }
  }
});

test('random bytes never make the analyzer throw', () => {
  const random = seededRandom(11);
  for (let i = 0; i < 300; i++) {
    const text = Array.from({ length: integer(random, 0, 200) }, () => String.fromCharCode(integer(random, 0, 0x2fff))).join('');
    assert.doesNotThrow(() => analyze(text));
  }
});

test('regression: a parser-unreadable kernel size in a first layer without Input', () => {
  const text = 'model M {Conv2D(8, 3fitrelu\n    Dense(10, activation=softmax)\n}\n';
  assert.deepEqual(
    analyze(text).diagnostics.map((d) => d.code),
    ['DNN302', 'DNN103'],
  );
});
