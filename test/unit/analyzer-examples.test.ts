// The examples: the two models check clean, and every file of examples/errors/ shows exactly
// the codes its `# shows:` comment lists.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../src/language/analyzer';

const examples = join(__dirname, '..', '..', 'examples');

for (const file of ['mnist-mlp.dnn', 'mnist-cnn.dnn']) {
  test(`${file} checks clean and yields a spec`, () => {
    const analysis = analyze(readFileSync(join(examples, file), 'utf8'));
    assert.deepEqual(analysis.diagnostics, []);
    assert.ok(analysis.spec);
  });
}

const errorFiles = readdirSync(join(examples, 'errors')).filter((f) => f.endsWith('.dnn'));

test('examples/errors has one file per main diagnostic family', () => {
  assert.ok(errorFiles.length >= 8, errorFiles.join(', '));
});

for (const file of errorFiles) {
  test(`errors/${file} shows what its comment says`, () => {
    const text = readFileSync(join(examples, 'errors', file), 'utf8');
    const shows = /^# shows: (.*)$/m.exec(text)?.[1]?.split(/\s+/);
    assert.ok(shows, `${file} needs a '# shows: DNNxxx ...' line`);
    assert.ok(text.startsWith('#'), `${file} starts with a comment saying what it shows`);
    const found = [...new Set(analyze(text).diagnostics.map((d) => d.code))].sort();
    assert.deepEqual(found, [...shows].sort());
  });
}
