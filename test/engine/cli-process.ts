// `dnn` as users run it, the bundle in dist/ in a separate process, bounded by a timeout:
// a hang fails the test (spawnSync's error) instead of holding the suite.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cliBin, ensureBuilt, root } from '../lsp/built';

export { ensureBuilt };

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function dnnWithin(timeoutMs: number, args: string[], cwd = root): CliRun {
  const run = spawnSync(process.execPath, [cliBin, ...args], { cwd, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  assert.equal(run.error, undefined, `dnn ${args.join(' ')} ended within ${timeoutMs / 1000} s`);
  assert.doesNotMatch(run.stderr, /internal error/, `dnn ${args.join(' ')}`);
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}
