// Runs test files with Node's own test runner (TypeScript through tsx) and closes with
// one plain line a CI can read: `N passed, N failed, N skipped`.
// Usage: node scripts/test.mjs DIR|FILE...   (a DIR runs every *.test.ts in it)
// Nothing may hang the suite: every test and hook without its own `timeout` gets one
// (scripts/test-timeouts.cjs, DNN_TEST_TIMEOUT_MS, default 120 s) and each file as a whole is
// bounded by `--test-timeout` (DNN_TEST_FILE_TIMEOUT_MS, default 40 min: the e2e files).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const targets = process.argv.slice(2);
if (targets.length === 0) {
  console.error('usage: node scripts/test.mjs DIR|FILE...');
  process.exit(2);
}
const files = targets.flatMap((t) => {
  if (!existsSync(t)) throw new Error(`no such test folder or file: ${t}`);
  if (statSync(t).isFile()) return [t];
  return readdirSync(t).filter((f) => f.endsWith('.test.ts')).sort().map((f) => join(t, f));
});
if (files.length === 0) {
  console.error(`no *.test.ts files in ${targets.join(', ')}`);
  process.exit(1);
}

const fileTimeoutMs = Number(process.env.DNN_TEST_FILE_TIMEOUT_MS) || 40 * 60_000;
// The spec report goes to stderr as it happens; the TAP report comes back through a pipe (a
// file stream would lose its tail: --test-force-exit ends the process once the tests are done,
// so a handle a test leaks cannot keep the run alive).
const run = spawnSync(
  process.execPath,
  [
    '--expose-internals', '--require', join(import.meta.dirname, 'test-timeouts.cjs'), '--import', 'tsx',
    '--test', '--test-force-exit', `--test-timeout=${fileTimeoutMs}`,
    '--test-reporter=spec', '--test-reporter-destination=stderr', '--test-reporter=tap', '--test-reporter-destination=stdout',
    ...files,
  ],
  { stdio: ['inherit', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 1 << 30 },
);
const report = run.stdout ?? '';
const count = (key) => Number((report.match(new RegExp(`^# ${key} (\\d+)$`, "m")) ?? [])[1] ?? 0);
const passed = count('pass');
const failed = count('fail') + count('cancelled');
// A skipped or todo test is a defect (docs/testing.md): counted, shown, and it fails the run.
const skipped = count('skipped') + count('todo');
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(run.status === 0 && failed === 0 && skipped === 0 && passed > 0 ? 0 : 1);
