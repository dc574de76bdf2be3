// `dnn train --engine pytorch` with real PyTorch under real torchrun: two processes really
// share each epoch (each trains on its half, together on all of it), the run is an ordinary
// dnn run (`dnn evaluate` reads it and finds the accuracy PyTorch reported), the exported
// train.py runs alone, and a missing PyTorch is named with what to install.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { mnistDirectory } from '../../src/engine/data/mnist';
import { torchrunArguments } from '../../src/engine/pytorch/torchrun';
import type { RunMetrics } from '../../src/protocol/engine';
import { PYTHON } from '../export/torch-support';
import { pollUntil } from '../support/poll';
import { tempDir } from './idx-files';
import { writeSpec } from './specs';

const root = join(__dirname, '..', '..');
const cli = join(root, 'src', 'cli', 'dnn.ts');

function dnn(args: string[], timeout = 600_000) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], { cwd: root, encoding: 'utf8', timeout });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function dnnAsync(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], { cwd: root, timeout: 600_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const lastLine = (text: string) => text.trimEnd().split('\n').at(-1) ?? '';

describe('dnn train --engine pytorch (real PyTorch, torchrun)', { timeout: 900_000 }, () => {
  it('--nproc 2: each process trains on half of every epoch; the run is an ordinary run that dnn evaluate agrees with', () => {
    const dir = tempDir('dnn-torch-engine-');
    const specFile = join(dir, 'mnist-mlp.dnn');
    cpSync(join(root, 'examples', 'mnist-mlp.dnn'), specFile);
    const trained = dnn(['train', specFile, '--engine', 'pytorch', '--nproc', '2', '--epochs', '2', '--train-limit', '12000', '--seed', '3', '--json']);
    assert.equal(trained.code, 0, trained.stderr);
    // The progress line of the tfjs engine, fed by PyTorch's events.
    assert.match(trained.stderr, /Epoch 2\/2/);
    assert.match(trained.stderr, /75\/75 \[=+\]/);
    const result = JSON.parse(lastLine(trained.stdout));
    assert.deepEqual(Object.keys(result), ['model', 'backend', 'epochs', 'secondsPerEpoch', 'test', 'runDir', 'engine', 'worldSize']);
    assert.equal(result.engine, 'pytorch');
    assert.equal(result.worldSize, 2);
    assert.equal(result.epochs.length, 2);
    assert.ok(result.test.accuracy > 0.85, `test accuracy ${result.test.accuracy} after 2 epochs on 9,600 samples`);

    const metrics = JSON.parse(readFileSync(join(result.runDir, 'metrics.json'), 'utf8')) as RunMetrics;
    assert.equal(metrics.engine, 'pytorch');
    assert.equal(metrics.worldSize, 2);
    assert.equal(metrics.status, 'completed');
    assert.equal(metrics.history.length, 2);
    // 12,000 samples, the last 20% validate: 9,600 train, 4,800 per process, all of them covered.
    assert.deepEqual(metrics.pytorch?.epochShares, [
      { samplesPerProcess: [4800, 4800], distinctSamples: 9600 },
      { samplesPerProcess: [4800, 4800], distinctSamples: 9600 },
    ]);
    for (const file of ['model.json', 'weights.bin', 'model.py', 'train.py', 'torch_weights.bin', 'torch_weights.json']) assert.ok(existsSync(join(result.runDir, file)), file);

    const evaluated = dnn(['evaluate', specFile, '--run', result.runDir, '--json']);
    assert.equal(evaluated.code, 0, evaluated.stderr);
    const evaluation = JSON.parse(lastLine(evaluated.stdout)).test;
    const reported = metrics.pytorch?.test?.accuracy as number;
    assert.equal(metrics.pytorch?.test?.samples, 10000);
    // The same weights scored by tfjs and by PyTorch: at most a tie or two may fall differently.
    assert.ok(Math.abs(evaluation.accuracy - reported) <= 2e-4, `dnn evaluate ${evaluation.accuracy}, PyTorch reported ${reported}`);
    assert.equal(evaluation.accuracy, result.test.accuracy);
  });

  it('two machines (--nnodes 2, here two dnn processes on one host): node 0 keeps the run, trained by both', async () => {
    const dir = tempDir('dnn-torch-nodes-');
    const specFile = join(dir, 'mnist-mlp.dnn');
    cpSync(join(root, 'examples', 'mnist-mlp.dnn'), specFile);
    const port = await freePort();
    const node = (rank: number) =>
      dnnAsync(['train', specFile, '--engine', 'pytorch', '--nnodes', '2', '--node-rank', String(rank), '--master', `127.0.0.1:${port}`, '--epochs', '1', '--train-limit', '4000', '--seed', '2', '--json']);
    const [first, second] = await Promise.all([node(0), node(1)]);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stderr, /node 1 did its share of the training; node 0 \(127\.0\.0\.1:\d+\) keeps the run/);
    const result = JSON.parse(lastLine(first.stdout));
    assert.equal(result.worldSize, 2);
    const metrics = JSON.parse(readFileSync(join(result.runDir, 'metrics.json'), 'utf8')) as RunMetrics;
    assert.deepEqual(metrics.pytorch?.epochShares, [{ samplesPerProcess: [1600, 1600], distinctSamples: 3200 }]);
    assert.deepEqual(readdirSync(join(dir, '.dnn', 'runs', 'MnistMLP')), [result.runDir.split('/').pop()], 'only node 0 keeps a run');
  });

  it('Ctrl-C (SIGINT) with --nproc 2: both processes stop at the same step, the weights so far are saved as a stopped run, exit 130', async () => {
    const dir = tempDir('dnn-torch-stop-');
    const specFile = join(dir, 'mnist-mlp.dnn');
    cpSync(join(root, 'examples', 'mnist-mlp.dnn'), specFile);
    const child = spawn(process.execPath, ['--import', 'tsx', cli, 'train', specFile, '--engine', 'pytorch', '--nproc', '2', '--epochs', '50', '--train-limit', '6000', '--seed', '4', '--json'], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`dnn train still running 300 s after it started; stderr:\n${stderr}`));
      }, 300_000);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
    // The first epoch's line is out (the progress starts "Epoch 2/50"): stop in the middle of the second.
    await pollUntil(async () => stderr, (text) => text.includes('Epoch 2/50'), { description: 'the first epoch to end', timeoutMs: 240_000 });
    child.kill('SIGINT');
    assert.equal(await exited, 130, stderr);
    assert.match(stderr, /stopping after the current batch/);
    assert.match(stderr, /Stopped in epoch \d+ after \d+ batches; run saved in /);
    assert.doesNotMatch(stderr, /Test loss/);
    const result = JSON.parse(lastLine(stdout));
    assert.equal(result.test, null);
    assert.equal(result.engine, 'pytorch');
    const metrics = JSON.parse(readFileSync(join(result.runDir, 'metrics.json'), 'utf8')) as RunMetrics;
    assert.equal(metrics.status, 'stopped');
    assert.equal(metrics.worldSize, 2);
    assert.equal(metrics.test, undefined);
    assert.ok(metrics.history.length >= 1 && metrics.history.length < 50, `${metrics.history.length} epochs recorded`);
    assert.equal(metrics.pytorch?.epochShares.length, metrics.history.length);
    assert.ok(!existsSync(join(result.runDir, 'stop-requested')), 'the stop file is removed');

    // The stopped run's weights are the trained ones: dnn evaluate loads them and they classify.
    const evaluated = dnn(['evaluate', specFile, '--run', result.runDir, '--json']);
    assert.equal(evaluated.code, 0, evaluated.stderr);
    const accuracy = JSON.parse(lastLine(evaluated.stdout)).test.accuracy as number;
    assert.ok(accuracy > 0.7, `test accuracy ${accuracy} of the stopped run after at least one epoch`);
  });

  it('train.py runs alone in a copy of the folder: python3 train.py --data DIR --epochs N --out DIR', () => {
    const dir = tempDir('dnn-torch-alone-');
    const specFile = writeSpec(dir, readFileSync(join(root, 'examples', 'mnist-mlp.dnn'), 'utf8'));
    const exported = join(dir, 'export');
    // A pytorch run's folder is an export (model.py, its weights, train.py): copied elsewhere, as to a GPU machine.
    const trained = dnn(['train', specFile, '--engine', 'pytorch', '--epochs', '1', '--train-limit', '1000', '--seed', '1', '--json']);
    assert.equal(trained.code, 0, trained.stderr);
    cpSync(JSON.parse(lastLine(trained.stdout)).runDir, exported, { recursive: true });
    const out = join(dir, 'trained');
    const run = spawnSync(PYTHON, ['train.py', '--data', mnistDirectory(), '--epochs', '1', '--train-limit', '2000', '--out', out], { cwd: exported, encoding: 'utf8', timeout: 300_000 });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /Epoch 1\/1 - loss [\d.]+ - accuracy [\d.]+ - val_loss [\d.]+ - val_accuracy [\d.]+/);
    const report = JSON.parse(readFileSync(join(out, 'training_result.json'), 'utf8'));
    assert.equal(report.worldSize, 1);
    assert.deepEqual(report.epochShares, [{ samplesPerProcess: [1600], distinctSamples: 1600 }]);
    assert.ok(existsSync(join(out, 'torch_weights.bin')));
  });

  it('names what to install when the Python has no PyTorch, or does not exist', () => {
    const dir = tempDir('dnn-torch-missing-');
    const specFile = writeSpec(dir, readFileSync(join(root, 'examples', 'mnist-mlp.dnn'), 'utf8'));
    // A real Python that cannot see the system's packages (-S): torch is not importable.
    const bare = join(dir, 'python-without-torch');
    writeFileSync(bare, `#!/bin/sh\nexec ${PYTHON} -S "$@"\n`);
    chmodSync(bare, 0o755);
    const missing = dnn(['train', specFile, '--engine', 'pytorch', '--python', bare, '--epochs', '1', '--train-limit', '500']);
    assert.equal(missing.code, 2, missing.stderr);
    assert.match(missing.stderr, /cannot use .*python-without-torch: PyTorch is not installed for it; install it \(apt-get install python3-torch libopenblas0-pthread/);
    const absent = dnn(['train', specFile, '--engine', 'pytorch', '--python', join(dir, 'no-such-python'), '--epochs', '1', '--train-limit', '500']);
    assert.equal(absent.code, 2, absent.stderr);
    assert.match(absent.stderr, /no-such-python cannot be run \(no such program\): install them \(apt-get install python3-torch/);
    const runs = join(dir, '.dnn', 'runs', 'MnistMLP');
    assert.deepEqual(existsSync(runs) ? readdirSync(runs) : [], [], 'no half-made run is left');
  });

  it('refuses torchrun settings without --engine pytorch, and a bad --master', () => {
    const dir = tempDir('dnn-torch-usage-');
    const specFile = writeSpec(dir, readFileSync(join(root, 'examples', 'mnist-mlp.dnn'), 'utf8'));
    const noEngine = dnn(['train', specFile, '--nproc', '2']);
    assert.equal(noEngine.code, 2);
    assert.match(noEngine.stderr, /--nproc needs --engine pytorch/);
    const badEngine = dnn(['train', specFile, '--engine', 'jax']);
    assert.equal(badEngine.code, 2);
    assert.match(badEngine.stderr, /--engine must be tfjs or pytorch, got 'jax'/);
    const noMaster = dnn(['train', specFile, '--engine', 'pytorch', '--nnodes', '2']);
    assert.equal(noMaster.code, 2);
    assert.match(noMaster.stderr, /--nnodes > 1 needs --master HOST:PORT/);
  });

  it('starts torchrun standalone on one machine, with a static rendezvous on several', () => {
    assert.deepEqual(torchrunArguments({ nproc: 2 }).slice(0, 7), ['-m', 'torch.distributed.run', '--standalone', '--nnodes', '1', '--nproc_per_node', '2']);
    assert.deepEqual(torchrunArguments({ nproc: 4, nnodes: 2, nodeRank: 1, master: 'head.local:29500' }).slice(0, 12), [
      '-m', 'torch.distributed.run', '--nnodes', '2', '--node_rank', '1', '--master_addr', 'head.local', '--master_port', '29500', '--nproc_per_node', '4',
    ]);
  });
});
