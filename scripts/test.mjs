// Runs test files with Node's own test runner (TypeScript through tsx) and closes with
// one plain line a CI can read: `N passed, N failed`.
// Usage: node scripts/test.mjs DIR|FILE...   (a DIR runs every *.test.ts in it)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

const tap = join(mkdtempSync(join(tmpdir(), 'dnn-test-')), 'report.tap');
const run = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tap}`, ...files],
  { stdio: 'inherit' },
);
const report = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
const count = (key) => Number((report.match(new RegExp(`^# ${key} (\\d+)$`, "m")) ?? [])[1] ?? 0);
const passed = count('pass');
const failed = count('fail') + count('cancelled');
console.log(`${passed} passed, ${failed} failed`);
process.exit(run.status === 0 && failed === 0 && passed > 0 ? 0 : 1);
