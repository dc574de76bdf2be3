// Memory fit before training (issue 10): `dnn train` refuses, before anything starts, a model
// whose training cannot fit the wasm heap (exit 1, the figure and what to change, no run folder
// made), and warns plainly about a large one before its run starts. Bounded by timeouts.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cliBin, root } from '../lsp/built';
import { pollUntil } from '../support/poll';
import { dnnWithin, ensureBuilt } from './cli-process';
import { tempDir } from './idx-files';
import { writeSpec } from './specs';

before(() => ensureBuilt());
const dir = tempDir('dnn-memory-');
after(() => rmSync(dir, { recursive: true, force: true }));
const hostile = (name: string) => {
  const file = join(dir, name);
  copyFileSync(join(root, 'test', 'hostile', name), file);
  return file;
};

describe('dnn train: memory fit before training', () => {
  it('Conv2D(100000, 3): refused at once, exit 1, with the figure and what to change; no run folder', () => {
    const run = dnnWithin(60_000, ['train', hostile('conv2d-100000.dnn')]);
    assert.equal(run.status, 1);
    assert.equal(
      run.stderr,
      'dnn train: model Hostile cannot be trained: training needs about 42.3 GiB (weights 2.5 GiB, gradients 2.5 GiB, adam state 5.0 GiB, one batch of 32: 32.2 GiB), ' +
        "more than the 4.0 GiB the wasm backend can grow its memory to: give dense (676,000,010 parameters) fewer units or filters, or a smaller input; make conv2d's output (26x26x100000 values per sample) smaller: fewer filters, or more pooling or strides before it\n",
    );
    assert.equal(run.stdout, '');
    assert.equal(existsSync(join(dir, '.dnn')), false, 'no run folder');
  });

  it('a small model with too large a batch (--batch-size counts): refused, naming a batch_size that fits', () => {
    const own = join(dir, 'own');
    const file = writeSpec(tempDir(), 'model Wide {\n  Input(shape=[28, 28, 1])\n  Conv2D(256, 3, padding=same, activation=relu)\n  GlobalMaxPooling2D()\n  Dense(10, activation=softmax)\n}\n');
    const run = dnnWithin(60_000, ['train', file, '--batch-size', '4096', '--out', own]);
    assert.equal(run.status, 1);
    assert.equal(
      run.stderr,
      'dnn train: model Wide cannot be trained: training needs about 6.2 GiB (weights 20.0 KiB, gradients 20.0 KiB, adam state 40.1 KiB, one batch of 4,096: 6.2 GiB), ' +
        "more than the 4.0 GiB the wasm backend can grow its memory to: use a batch_size of 2,660 or less; make conv2d's output (28x28x256 values per sample) smaller: fewer filters, or more pooling or strides before it\n",
    );
    assert.equal(existsSync(own), false, 'no runs folder');
  });

  it('Dense(200000) at batch 128: the size warning comes before the run starts', async () => {
    const child = spawn(process.execPath, [cliBin, 'train', hostile('dense-200000.dnn'), '--epochs', '1'], { cwd: dir });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    try {
      await pollUntil(async () => output, (text) => text.includes('Training Hostile'), { description: 'the run to start', timeoutMs: 110_000 });
    } finally {
      child.kill('SIGKILL');
    }
    const warning =
      'note: the model has 159,000,010 parameters and training needs about 2.6 GiB (weights 606.5 MiB, gradients 606.5 MiB, adam state 1.2 GiB, one batch of 128: 196.1 MiB): ' +
      'expect a slow run and a process larger than that; give dense (157,000,000 parameters) fewer units or filters, or a smaller input to train faster\n';
    assert.ok(output.startsWith(warning), output);
    assert.ok(output.indexOf('Training Hostile') >= warning.length, output);
  });
});
