// Closed pipes and signals (issue 10), `dnn train` as a real process: a reader that goes away
// (`| head -1`), a closed stderr and SIGTERM must not lose the run. Every wait is bounded.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { RunMetrics } from '../../src/protocol/engine';
import { pollUntil } from '../support/poll';
import { tempDir } from './idx-files';
import { mlpText, writeSpec } from './specs';

const root = join(__dirname, '..', '..');
const nodeArgs = ['--import', 'tsx', join(root, 'src', 'cli', 'dnn.ts')];

/** The exit code, or a failure naming the bound when the process outlives it. */
function exitWithin(child: ReturnType<typeof spawn>, ms: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`dnn train still running after ${ms / 1000} s`));
    }, ms);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

function runDirOf(dir: string): string {
  const runs = join(dir, '.dnn', 'runs', 'TestMLP');
  const [run] = readdirSync(runs);
  return join(runs, run);
}

describe('dnn train: closed pipes and signals', () => {
  it('| head -1: training goes on after the reader closes the pipe, saves the run and exits 0', { timeout: 240_000 }, async () => {
    const dir = tempDir();
    const specFile = writeSpec(dir, mlpText({ epochs: 2, batchSize: 32 }));
    const child = spawn(process.execPath, [...nodeArgs, 'train', specFile, '--train-limit', '600', '--backend', 'cpu'], { cwd: root });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    // Like `head -1`: read the first line, then close the pipe.
    child.stdout.once('data', () => child.stdout.destroy());
    assert.equal(await exitWithin(child, 230_000), 0, stderr);
    assert.equal(stderr, '');
    const metrics = JSON.parse(readFileSync(join(runDirOf(dir), 'metrics.json'), 'utf8')) as RunMetrics;
    assert.equal(metrics.status, 'completed');
    assert.equal(metrics.history.length, 2);
  });

  it('a closed stderr: the run is still trained and saved, exit 0', { timeout: 240_000 }, async () => {
    const dir = tempDir();
    const specFile = writeSpec(dir, mlpText({ epochs: 1, batchSize: 32 }));
    const child = spawn(process.execPath, [...nodeArgs, 'train', specFile, '--train-limit', '600', '--backend', 'cpu', '--json'], { cwd: root });
    child.stderr.destroy();
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    assert.equal(await exitWithin(child, 230_000), 0);
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as { runDir: string };
    assert.equal((JSON.parse(readFileSync(join(result.runDir, 'metrics.json'), 'utf8')) as RunMetrics).status, 'completed');
  });

  it('SIGTERM stops like Ctrl-C: after the current batch, the run saved as stopped, exit 130', { timeout: 240_000 }, async () => {
    const dir = tempDir();
    const specFile = writeSpec(dir, mlpText({ epochs: 50, batchSize: 16 }));
    const child = spawn(process.execPath, [...nodeArgs, 'train', specFile, '--json', '--backend', 'cpu'], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = exitWithin(child, 230_000);
    await pollUntil(async () => stderr, (text) => text.includes('Epoch 1/50'), { description: 'the first epoch to start', timeoutMs: 200_000 });
    child.kill('SIGTERM');
    assert.equal(await exited, 130, stderr);
    assert.match(stderr, /stopping after the current batch/);
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as { runDir: string };
    assert.equal((JSON.parse(readFileSync(join(result.runDir, 'metrics.json'), 'utf8')) as RunMetrics).status, 'stopped');
  });
});
