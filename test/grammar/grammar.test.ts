// Snapshot tests of the TextMate grammar: every `cases/*.dnn` is tokenized with
// vscode-textmate and compared with its committed `.snap`; `UPDATE_GOLDEN=1` rewrites
// them (review the diff). Plus targeted checks of what the grammar must colour, and that
// its lists of known names match the catalogue, so the two cannot drift.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { activations, datasets, layers, losses, metrics, optimizers } from '../../src/language/catalogue';
import { assertGolden } from '../support/golden';
import { grammarPath, loadGrammar, renderSnapshot, tokenizeText } from './textmate';

const casesFolder = join(import.meta.dirname, 'cases');

/** The innermost scopes of the token covering `word` (its first occurrence) in `text`. */
async function scopesOf(text: string, word: string): Promise<string[]> {
  const tokens = tokenizeText(await loadGrammar(), text);
  let found: string[] | undefined;
  const lines = text.split('\n');
  for (const [lineIndex, line] of lines.entries()) {
    const at = line.indexOf(word);
    if (at < 0) continue;
    let column = 0;
    for (const token of tokens.filter((t) => t.line === lineIndex)) {
      if (column <= at && at < column + token.text.length) {
        assert.equal(token.text, word, `'${word}' is one token in ${JSON.stringify(line)}`);
        found = token.scopes;
        break;
      }
      column += token.text.length;
    }
    break;
  }
  assert.ok(found, `'${word}' appears in the text`);
  return found;
}

describe('grammar snapshots', () => {
  const cases = readdirSync(casesFolder).filter((f) => f.endsWith('.dnn')).sort();
  test('there are snapshot cases', () => assert.ok(cases.length >= 5));
  for (const file of cases) {
    test(file, async () => {
      assertGolden(join(casesFolder, `${file}.snap`), renderSnapshot(await loadGrammar(), readFileSync(join(casesFolder, file), 'utf8')));
    });
  }
});

describe('grammar scopes', () => {
  test('the grammar is valid JSON with the scope the package declares', () => {
    const grammar = JSON.parse(readFileSync(grammarPath, 'utf8'));
    assert.equal(grammar.scopeName, 'source.dnn');
    const manifest = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8'));
    assert.deepEqual(
      manifest.contributes.grammars.find((g: { language: string }) => g.language === 'dnn'),
      { language: 'dnn', scopeName: 'source.dnn', path: './syntaxes/dnn.tmLanguage.json' },
    );
  });

  test('comments, keywords, model name, layer types, argument names, values', async () => {
    const text = 'model Net { # note\n  Dense(64, activation=relu, use_bias=true)\n}\nfit { epochs = 1e-3 }\ncompile { x = "quoted" }';
    assert.ok((await scopesOf(text, ' note')).includes('comment.line.number-sign.dnn'));
    assert.ok((await scopesOf(text, 'model')).includes('keyword.other.model.dnn'));
    assert.ok((await scopesOf(text, 'Net')).includes('entity.name.type.model.dnn'));
    assert.ok((await scopesOf(text, 'Dense')).includes('support.class.layer.dnn'));
    assert.ok((await scopesOf(text, 'activation')).includes('variable.parameter.dnn'));
    assert.ok((await scopesOf(text, '64')).includes('constant.numeric.integer.dnn'));
    assert.ok((await scopesOf(text, 'true')).includes('constant.language.boolean.dnn'));
    assert.ok((await scopesOf(text, 'fit')).includes('keyword.other.fit.dnn'));
    assert.ok((await scopesOf(text, 'epochs')).includes('variable.other.property.dnn'));
    assert.ok((await scopesOf(text, '1e-3')).includes('constant.numeric.float.dnn'));
    assert.ok((await scopesOf(text, 'compile')).includes('keyword.other.compile.dnn'));
    assert.ok((await scopesOf(text, 'quoted')).includes('string.quoted.double.dnn'));
  });

  test('an unterminated string ends at the end of its line, as the parser reads it', async () => {
    const scopes = await scopesOf('model M {\n  Activation("relu)\n  Dense(10)\n}', 'Dense');
    assert.ok(scopes.includes('support.class.layer.dnn'));
    assert.ok(!scopes.some((s) => s.startsWith('string.')));
  });

  test('every layer type of the catalogue is coloured as a layer', async () => {
    for (const layer of layers) {
      assert.ok((await scopesOf(`model M {\n  ${layer.type}()\n}`, layer.type)).includes('support.class.layer.dnn'), layer.type);
    }
  });

  /** The names a repository rule of the grammar matches, read from its `\b(?:a|b|c)\b` pattern. */
  function grammarNames(rule: string): string[] {
    const grammar = JSON.parse(readFileSync(grammarPath, 'utf8'));
    const match = /^\\b\(\?:(.*)\)\\b$/.exec(grammar.repository[rule].match);
    assert.ok(match, `the '${rule}' rule has the form \\b(?:a|b)\\b`);
    return match[1].split('|').sort();
  }

  const catalogueNames: [string, string, string[]][] = [
    ['activation', 'support.constant.activation.dnn', activations.map((a) => a.name)],
    ['loss', 'support.constant.loss.dnn', losses.flatMap((l) => [l.name, ...(l.aliases ?? [])])],
    ['metric', 'support.constant.metric.dnn', metrics.flatMap((m) => [m.name, ...(m.aliases ?? [])])],
    ['optimizer', 'support.function.optimizer.dnn', optimizers.map((o) => o.name)],
    ['dataset', 'support.constant.dataset.dnn', datasets.map((d) => d.name)],
  ];
  for (const [rule, scope, names] of catalogueNames) {
    test(`the grammar's ${rule} names are the catalogue's`, async () => {
      assert.deepEqual(grammarNames(rule), [...new Set(names)].sort(), `update the '${rule}' rule of syntaxes/dnn.tmLanguage.json`);
      for (const name of names) {
        assert.ok((await scopesOf(`compile {\n  x = ${name}\n}`, name)).includes(scope), `${name} has ${scope}`);
      }
    });
  }
});
