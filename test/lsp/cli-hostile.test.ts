// `dnn check` on hostile input, as a separate process (issue 10): special files are refused at
// once with exit 2, a 130,000-layer file checks fine, and no file of test/hostile/ makes it
// print "internal error". Each run is bounded (spawnSync's timeout): a hang fails the test.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { deepModel } from '../hostile/generated';
import { cliBin, ensureBuilt, root } from './built';

before(() => ensureBuilt());
const dir = mkdtempSync(join(tmpdir(), 'dnn-hostile-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function dnn(timeoutMs: number, ...args: string[]) {
  const run = spawnSync(process.execPath, [cliBin, ...args], { cwd: root, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  assert.equal(run.error, undefined, `dnn ${args.join(' ')} ended within ${timeoutMs / 1000} s`);
  return run;
}

test('dnn check FIFO: refused at once, exit 2, naming it a named pipe', () => {
  const pipe = join(dir, 'model.dnn');
  execFileSync('mkfifo', [pipe]);
  const run = dnn(20_000, 'check', pipe);
  assert.equal(run.status, 2);
  assert.equal(run.stderr, `dnn check: cannot read '${pipe}': it is a named pipe (FIFO), not a regular file\n`);
});

test('dnn check /dev/zero: refused at once, exit 2, without reading it', () => {
  const run = dnn(20_000, 'check', '/dev/zero');
  assert.equal(run.status, 2);
  assert.equal(run.stderr, "dnn check: cannot read '/dev/zero': it is a character device, not a regular file\n");
});

test('no file of test/hostile/ makes dnn check print "internal error"; exit codes keep their contract', { timeout: 120_000 }, () => {
  const corpus = readdirSync(join(root, 'test', 'hostile')).filter((f) => f.endsWith('.dnn')).sort();
  assert.ok(corpus.length >= 5, 'the corpus is there');
  for (const name of corpus) {
    const run = dnn(60_000, 'check', join('test', 'hostile', name), '--json');
    assert.doesNotMatch(run.stderr, /internal error/, name);
    assert.ok(run.status === 0 || run.status === 1, `${name}: exit ${run.status}`);
    JSON.parse(run.stdout);
  }
});

test('a 130,000-layer file checks fine: exit 0, every layer in the summary', { timeout: 200_000 }, () => {
  const file = join(dir, 'deep.dnn');
  writeFileSync(file, deepModel(130_000));
  // About 25-50 s on the 2-core machine; a per-layer scan of every layer (quadratic) took over 200 s.
  const run = dnn(150_000, 'check', file);
  assert.doesNotMatch(run.stderr, /internal error/);
  assert.equal(run.stderr, '');
  assert.equal(run.status, 0);
  assert.ok(run.stdout.endsWith(`${file}: no problems\n`));
  assert.equal(run.stdout.split('\n').filter((l) => l.includes('(Dense)')).length, 130_001);
});
