// docs/language.md can't drift from the catalogue: its generated part must be what
// scripts/gen-language-docs.ts renders now, and it names every layer, activation, optimizer,
// loss, setting and diagnostic code.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { activations, compileSettings, fitSettings, layers, losses, optimizers } from '../../src/language/catalogue';
import { analyze } from '../../src/language/analyzer';
import { codes } from '../../src/language/codes';
import { beginMarker, endMarker, renderCatalogue, updateLanguageDoc } from '../../scripts/language-docs';

const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'language.md'), 'utf8');

test('the generated part of docs/language.md is up to date (npx tsx scripts/gen-language-docs.ts)', () => {
  assert.ok(doc.includes(beginMarker) && doc.includes(endMarker), 'the generated part is marked');
  assert.equal(updateLanguageDoc(doc), doc);
});

test('it documents every layer with its arguments, every activation, optimizer, loss, setting and code', () => {
  const generated = renderCatalogue();
  for (const entry of layers) {
    assert.ok(generated.includes(`#### ${entry.type}\n`), entry.type);
    for (const arg of entry.args) assert.ok(generated.includes(`| \`${arg.name}\` |`), `${entry.type}.${arg.name}`);
  }
  for (const name of [...activations.map((a) => a.name), ...optimizers.map((o) => o.name), ...losses.map((l) => l.name)]) {
    assert.ok(generated.includes(`\`${name}\``), name);
  }
  for (const setting of [...compileSettings, ...fitSettings]) assert.ok(generated.includes(`| \`${setting.name}\` |`), setting.name);
  for (const info of Object.values(codes)) assert.ok(generated.includes(`| ${info.code} | ${info.severity} |`), info.code);
});

test('the hand-written part holds the grammar and the value forms', () => {
  assert.match(doc, /```ebnf\n[\s\S]*layer\s+= \[ IDENT , "=" \] , IDENT/);
  assert.match(doc, /```ebnf\n[\s\S]*apply\s+= "\("/);
  assert.match(doc, /## Values/);
});

test('every model written in docs/language.md analyses without a problem', () => {
  const models = [...doc.matchAll(/^```\w*\n([\s\S]*?)^```$/gm)].map((m) => m[1]).filter((block) => /^model \w+ \{/m.test(block));
  assert.ok(models.length >= 4, `the chain and the three graph examples, found ${models.length}`);
  for (const model of models) {
    const problems = analyze(model).diagnostics.map((d) => `${d.code} ${d.message}`);
    assert.deepEqual(problems, [], /^model \w+/m.exec(model)?.[0]);
  }
});

test('the hand-written part explains graph models and links to the merge layers', () => {
  assert.match(doc, /## Graph models\n/);
  assert.match(doc, /\[Merge layers\]\(#merge-layers\)/);
  assert.ok(doc.indexOf('## Graph models') < doc.indexOf(beginMarker), 'the prose is outside the generated part');
});
