// Golden tests of the parser, rust-analyzer style. Every `test/fixtures/parser/ok/*.dnn`
// must parse without a diagnostic to the tree in its `.tree` file; every `err/*.dnn` must
// give exactly the diagnostics in its `.errors` file (one `line:col-line:col CODE message`
// a line, 1-based) and the tree in its `.tree` file. `UPDATE_GOLDEN=1` rewrites the
// expected files from the parser's output: review the diff before committing it.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from '../../src/language/parser';
import { assertGolden } from '../support/golden';
import { dumpDiagnostics, dumpTree } from './parser-tree-dump';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'parser');

function cases(folder: 'ok' | 'err'): string[] {
  return readdirSync(join(fixtures, folder))
    .filter((f) => f.endsWith('.dnn'))
    .sort()
    .map((f) => join(fixtures, folder, f));
}

test('there are enough golden cases', () => {
  assert.ok(cases('ok').length >= 12, 'at least 12 ok cases');
  assert.ok(cases('err').length >= 15, 'at least 15 err cases');
});

for (const file of cases('ok')) {
  test(`ok/${file.split('/').pop()}`, () => {
    const { document, diagnostics } = parse(readFileSync(file, 'utf8'));
    assert.equal(dumpDiagnostics(diagnostics), '', 'an ok case parses without diagnostics');
    assertGolden(file.replace(/\.dnn$/, '.tree'), dumpTree(document));
  });
}

for (const file of cases('err')) {
  test(`err/${file.split('/').pop()}`, () => {
    const { document, diagnostics } = parse(readFileSync(file, 'utf8'));
    assert.ok(diagnostics.length > 0, 'an err case has at least one diagnostic');
    for (const d of diagnostics) assert.match(d.code, /^DNN1\d\d$/, 'the parser reports syntax codes only');
    assertGolden(file.replace(/\.dnn$/, '.errors'), dumpDiagnostics(diagnostics));
    assertGolden(file.replace(/\.dnn$/, '.tree'), dumpTree(document));
  });
}
