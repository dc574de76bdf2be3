// The test runner (scripts/test.mjs) fails instead of hanging: a test without its own timeout
// gets the default one, a handle it leaks does not keep the run alive, and skipped tests are
// counted in the closing line and fail the run.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

test('a hanging test fails after the default timeout; skipped tests are counted and fail the run', { timeout: 90_000 }, () => {
  // NODE_TEST_CONTEXT marks this process as a test file; the nested runner must not see it.
  const { NODE_TEST_CONTEXT: _child, ...env } = process.env;
  const run = spawnSync(process.execPath, ['scripts/test.mjs', 'test/fixtures/runner/hangs.test.ts'], {
    encoding: 'utf8',
    env: { ...env, DNN_TEST_TIMEOUT_MS: '1000' },
    // The bound on the hang: without the per-test timeout this run would never end.
    timeout: 80_000,
  });
  assert.equal(run.error, undefined, 'the run ended within 80 s');
  assert.match(run.stderr, /✖ never ends[\s\S]*test timed out after 1000ms/);
  assert.match(run.stderr, /test at test\/fixtures\/runner\/hangs\.test\.ts:/, 'a failure names its own file, not the preload');
  assert.match(run.stderr, /✔ ends within its own timeout/);
  assert.match(run.stderr, /✔ lends it to its tests/);
  assert.equal(run.stdout.trim(), '3 passed, 1 failed, 1 skipped');
  assert.equal(run.status, 1);
});
