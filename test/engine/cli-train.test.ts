// `dnn train` and `dnn evaluate` as a user runs them: a real process, the exact --json
// shape of issue 3, exit codes, and Ctrl-C stopping after the current batch with the run saved.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { RunMetrics } from '../../src/protocol/engine';
import { tempDir } from './idx-files';
import { mlpText, writeSpec } from './specs';

const root = join(__dirname, '..', '..');
const cli = join(root, 'src', 'cli', 'dnn.ts');
const nodeArgs = ['--import', 'tsx', cli];

function dnn(args: string[]) {
  const run = spawnSync(process.execPath, [...nodeArgs, ...args], { cwd: root, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function lastLine(text: string): string {
  return text.trimEnd().split('\n').at(-1) ?? '';
}

describe('dnn train / dnn evaluate', () => {
  it('train --json: the last stdout line is the JSON object of issue 3; evaluate --json reads the run', () => {
    const dir = tempDir();
    const specFile = writeSpec(dir, mlpText());
    const trained = dnn(['train', specFile, '--epochs', '2', '--batch-size', '32', '--train-limit', '1000', '--seed', '4', '--backend', 'cpu', '--json']);
    assert.equal(trained.code, 0, trained.stderr);
    const result = JSON.parse(lastLine(trained.stdout));
    assert.deepEqual(Object.keys(result), ['model', 'backend', 'epochs', 'secondsPerEpoch', 'test', 'runDir']);
    assert.equal(result.model, 'TestMLP');
    assert.equal(result.backend, 'cpu');
    assert.equal(result.epochs.length, 2);
    for (const [i, epoch] of result.epochs.entries()) {
      assert.deepEqual(Object.keys(epoch), ['epoch', 'loss', 'accuracy', 'valLoss', 'valAccuracy', 'seconds']);
      assert.equal(epoch.epoch, i + 1);
      for (const key of ['loss', 'accuracy', 'valLoss', 'valAccuracy', 'seconds']) assert.equal(typeof epoch[key], 'number', key);
    }
    assert.equal(typeof result.secondsPerEpoch, 'number');
    assert.deepEqual(Object.keys(result.test), ['loss', 'accuracy']);
    assert.ok(result.test.accuracy > 0.7, `test accuracy ${result.test.accuracy}`);
    assert.ok(result.runDir.startsWith(join(dir, '.dnn', 'runs', 'TestMLP')));
    assert.match(trained.stderr, /Epoch 2\/2\n25\/25 \[=+\] - \d+s \d+ms\/step - loss: [\d.]+ - accuracy: [\d.]+ - val_loss: [\d.]+ - val_accuracy: [\d.]+\n/);
    const config = (JSON.parse(readFileSync(join(result.runDir, 'metrics.json'), 'utf8')) as RunMetrics).config;
    assert.deepEqual([config.epochs, config.batchSize, config.trainLimit, config.seed], [2, 32, 1000, 4]);

    const evaluated = dnn(['evaluate', specFile, '--json', '--backend', 'cpu']);
    assert.equal(evaluated.code, 0, evaluated.stderr);
    const outcome = JSON.parse(lastLine(evaluated.stdout));
    assert.equal(outcome.runDir, result.runDir);
    assert.equal(outcome.specChanged, false);
    assert.equal(outcome.test.accuracy, result.test.accuracy);
    assert.equal(outcome.confusion.flat().reduce((a: number, b: number) => a + b, 0), 10000);
  });

  it('prints plain progress lines when stdout is not a terminal', () => {
    const dir = tempDir();
    const specFile = writeSpec(dir, mlpText({ validationSplit: 0 }));
    const run = dnn(['train', specFile, '--train-limit', '640', '--epochs', '2', '--out', join(dir, 'runs')]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout.includes('\r'), false);
    const lines = run.stdout.trimEnd().split('\n');
    assert.equal(lines[0], 'Training TestMLP on 640 samples, validating on 0 (wasm backend)');
    assert.equal(lines[1], 'Epoch 1/2');
    assert.match(lines[2], /^20\/20 \[=+\] - \d+s \d+ms\/step - loss: [\d.]+ - accuracy: [\d.]+$/);
    assert.equal(lines[3], 'Epoch 2/2');
    assert.match(lines[5], /^Test loss: [\d.]+ - test accuracy: [\d.]+ \(10000 samples\)$/);
    assert.match(lines[6], new RegExp(`^Run saved in ${join(dir, 'runs', 'TestMLP')}/`));
  });

  it('exits 1 for a model with errors, 2 for usage errors and unreadable files', () => {
    const dir = tempDir();
    const broken = dnn(['train', writeSpec(dir, mlpText({ activation: 'rellu' })), '--json']);
    assert.equal(broken.code, 1);
    assert.equal(broken.stdout, '');
    assert.match(broken.stderr, /^dnn train: model\.dnn has 1 error; fix it before training:\n {2}model\.dnn:3:26: DNN\d+ /);

    const missing = dnn(['train', join(dir, 'missing.dnn')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^dnn train: cannot read .*missing\.dnn: no such file\n$/);

    for (const args of [['train'], ['train', 'a.dnn', '--epochs', '0'], ['train', 'a.dnn', '--backend', 'gpu'], ['train', 'a.dnn', '--frobnicate'], ['evaluate', 'a.dnn', 'b.dnn']]) {
      const usage = dnn(args);
      assert.equal(usage.code, 2, args.join(' '));
      assert.match(usage.stderr, /Usage: dnn (train|evaluate) FILE/);
    }
    const noRun = dnn(['evaluate', writeSpec(dir, mlpText({ name: 'Fresh' }), 'fresh.dnn')]);
    assert.equal(noRun.code, 1);
    assert.match(noRun.stderr, /^dnn evaluate: model Fresh has no finished run in .*: train it first\n$/);
  });

  it('Ctrl-C stops after the current batch, saves the run and exits 130', async () => {
    const dir = tempDir();
    const specFile = writeSpec(dir, mlpText({ epochs: 50, batchSize: 16 }));
    const child = spawn(process.execPath, [...nodeArgs, 'train', specFile, '--json', '--backend', 'cpu'], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
        if (stderr.includes('Epoch 1/50')) resolve();
      });
    });
    child.kill('SIGINT');
    assert.equal(await exited, 130, stderr);
    const result = JSON.parse(lastLine(stdout));
    assert.equal(result.test, null);
    assert.deepEqual(result.epochs, []);
    assert.match(stderr, /stopping after the current batch/);
    assert.match(stderr, /Stopped in epoch 1 after \d+ batches; run saved in /);
    const metrics = JSON.parse(readFileSync(join(result.runDir, 'metrics.json'), 'utf8')) as RunMetrics;
    assert.equal(metrics.status, 'stopped');
  });
});
