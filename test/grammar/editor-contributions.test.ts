// The editor contributions next to the grammar: snippets (each one, expanded with its
// defaults, is a model that checks clean) and the language configuration (its patterns
// compile and indent the lines they should).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { analyze } from '../../src/language/analyzer';
import { parse } from '../../src/language/parser';

const root = join(import.meta.dirname, '..', '..');
const readJson = (file: string) => JSON.parse(readFileSync(join(root, file), 'utf8'));

interface Snippet {
  prefix: string | string[];
  body: string[];
  description: string;
}

/**
 * A snippet's text as VS Code inserts it when the user accepts every default: `${1:x}`
 * gives x, `${1|a,b|}` gives a (or the option `picks` names for that tab stop), a bare
 * `$1`/`${1}` repeats that tab stop's value, and tabs become four spaces.
 */
function expand(body: string[], picks: Record<string, string> = {}): string {
  const values = new Map<string, string>();
  const text = body.join('\n');
  for (const match of text.matchAll(/\$\{(\d+)(?::([^}]*)|\|([^|}]*)\|)\}/g)) {
    values.set(match[1], picks[match[1]] ?? match[2] ?? match[3].split(',')[0]);
  }
  return text
    .replace(/\$\{(\d+)(?::[^}]*|\|[^|}]*\|)\}/g, (_, n: string) => values.get(n) ?? '')
    .replace(/\$\{(\d+)\}|\$(\d+)/g, (_, a: string | undefined, b: string | undefined) => values.get(a ?? b ?? '') ?? '')
    .replace(/\t/g, '    ');
}

describe('snippets', () => {
  const snippets: Record<string, Snippet> = readJson('snippets/dnn.json');
  const byPrefix = (prefix: string): string => {
    const found = Object.values(snippets).find((s) => [s.prefix].flat().includes(prefix));
    assert.ok(found, `a snippet with prefix '${prefix}'`);
    return expand(found.body);
  };

  test('package.json contributes them for the dnn language', () => {
    assert.deepEqual(readJson('package.json').contributes.snippets, [{ language: 'dnn', path: './snippets/dnn.json' }]);
  });

  test('every snippet has a prefix, a description and a body that parses without errors', () => {
    for (const [name, snippet] of Object.entries(snippets)) {
      assert.ok([snippet.prefix].flat().length > 0 && snippet.description.length > 0, name);
      const text = expand(snippet.body);
      // Section snippets alone have no model: that is the only error allowed.
      const errors = parse(text).diagnostics.filter((d) => d.code !== 'DNN110');
      assert.deepEqual(errors.map((d) => d.message), [], `${name}:\n${text}`);
    }
  });

  test("the whole-file snippet is the article's model, which checks clean with 55,050 parameters", () => {
    const analysis = analyze(byPrefix('mnist'));
    assert.deepEqual(analysis.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
    assert.equal(analysis.totalParams, 55_050);
  });

  test('every option of every choice is a name the catalogue knows: each one checks clean', () => {
    const file = (prefix: string, picked: string) => ['model', 'compile', 'fit'].map((p) => (p === prefix ? picked : byPrefix(p))).join('\n');
    for (const prefix of ['model', 'compile']) {
      const snippet = Object.values(snippets).find((s) => [s.prefix].flat().includes(prefix))!;
      const choices = [...snippet.body.join('\n').matchAll(/\$\{(\d+)\|([^|}]*)\|\}/g)];
      assert.ok(choices.length > 0, `the ${prefix} snippet offers a choice`);
      for (const [, stop, options] of choices) {
        for (const option of options.split(',')) {
          const text = file(prefix, expand(snippet.body, { [stop]: option }));
          const errors = analyze(text).diagnostics.filter((d) => d.severity === 'error');
          assert.deepEqual(errors.map((d) => d.message), [], `${prefix} with ${option}`);
        }
      }
    }
  });

  test('each model snippet with the compile and fit snippets checks clean', () => {
    for (const model of ['model', 'model-cnn']) {
      const text = [byPrefix(model), byPrefix('compile'), byPrefix('fit')].join('\n');
      const errors = analyze(text).diagnostics.filter((d) => d.severity === 'error');
      assert.deepEqual(errors.map((d) => d.message), [], text);
    }
  });
});

describe('language configuration', () => {
  const config = readJson('language-configuration.json');
  const increase = new RegExp(config.indentationRules.increaseIndentPattern);
  const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
  const word = new RegExp(`^(?:${config.wordPattern})$`);

  test('comments and bracket pairs', () => {
    assert.equal(config.comments.lineComment, '#');
    assert.deepEqual(config.brackets, [['{', '}'], ['[', ']'], ['(', ')']]);
    const closes = Object.fromEntries(config.autoClosingPairs.map((p: { open: string; close: string }) => [p.open, p.close]));
    assert.deepEqual(closes, { '{': '}', '[': ']', '(': ')', '"': '"', "'": "'" });
  });

  test('a line indents the next one when it leaves a bracket open', () => {
    for (const line of ['model MnistMLP {', 'compile {', '    Dense(64,', '    Input(shape=[', '    Dense(64,   # units', 'fit { # settings']) {
      assert.ok(increase.test(line), line);
    }
    for (const line of ['    Dense(64, activation=relu)', 'model M { Input(shape=[784]) }', '}', '    # a comment with {', '    Input(shape=[784])  # (784)']) {
      assert.ok(!increase.test(line), line);
    }
  });

  test('a closing bracket at the start of a line outdents it', () => {
    for (const line of ['}', '    )', '  ]  # end']) assert.ok(decrease.test(line), line);
    assert.ok(!decrease.test('    Dense(10)'));
  });

  test('words are identifiers and whole numbers, so double-click selects 1e-3 or learning_rate', () => {
    for (const text of ['learning_rate', 'Conv2D', '1e-3', '-1', '0.001', '.5']) assert.ok(word.test(text), text);
    for (const text of ['a=b', 'Dense(', '1,2']) assert.ok(!word.test(text), text);
  });

  test('every regular expression compiles', () => {
    for (const rule of config.onEnterRules) {
      assert.doesNotThrow(() => new RegExp(rule.beforeText));
      assert.doesNotThrow(() => new RegExp(rule.afterText));
    }
    assert.doesNotThrow(() => new RegExp(config.folding.markers.start));
  });
});
