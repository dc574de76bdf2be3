// Run files read back by `dnn evaluate --run`, `dnn export --run` and `dnn runs` (issue 10):
// a damaged metrics.json or model.json is refused with the file and the field (exit 1, never
// "internal error"); a `dnn train` killed with SIGKILL leaves its run marked unfinished, which
// `dnn runs --json` lists as such and evaluate refuses with a clear message. Bounded by timeouts.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cliBin } from '../lsp/built';
import { pollUntil } from '../support/poll';
import { dnnWithin, ensureBuilt } from './cli-process';
import { tempDir } from './idx-files';
import { mlpText, writeSpec } from './specs';

const dir = tempDir('dnn-run-files-');
const specFile = writeSpec(dir, mlpText({ epochs: 1, batchSize: 32 }));
let goodRun = '';
before(() => {
  ensureBuilt();
  const run = dnnWithin(300_000, ['train', specFile, '--train-limit', '300', '--backend', 'cpu', '--json'], dir);
  assert.equal(run.status, 0, run.stderr);
  goodRun = (JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { runDir: string }).runDir;
});
after(() => rmSync(dir, { recursive: true, force: true }));

let copies = 0;
/** A copy of the good run, outside the runs folder, with one file changed. */
function damaged(file: string, change: (text: string) => string): string {
  const copy = join(dir, `damaged-${++copies}`);
  cpSync(goodRun, copy, { recursive: true });
  writeFileSync(join(copy, file), change(readFileSync(join(copy, file), 'utf8')));
  return copy;
}
const modelJson = (edit: (model: { weightsManifest: { weights: Record<string, unknown>[] }[] }) => unknown) => (text: string) =>
  JSON.stringify(edit(JSON.parse(text) as { weightsManifest: { weights: Record<string, unknown>[] }[] }));

function refused(runDir: string, message: string, status = 1): void {
  const evaluate = dnnWithin(120_000, ['evaluate', specFile, '--run', runDir, '--backend', 'cpu'], dir);
  assert.equal(evaluate.stderr, `dnn evaluate: ${message}\n`);
  assert.equal(evaluate.status, status);
  assert.equal(evaluate.stdout, '');
  const exported = dnnWithin(120_000, ['export', specFile, '--run', runDir, '--format', 'onnx', '--out', join(dir, 'out.onnx')], dir);
  assert.equal(exported.stderr, `dnn export: ${message}\n`);
  assert.equal(exported.status, status);
  assert.equal(existsSync(join(dir, 'out.onnx')), false);
}

describe('damaged run files: the file and the field, exit 1', () => {
  it('metrics.json of null, 42, [] and {} (the instances of the issue)', () => {
    for (const [text, found] of [['null', 'must hold a JSON object, found null'], ['42', 'must hold a JSON object, found 42'], ['[]', 'must hold a JSON object, found a list']]) {
      const run = damaged('metrics.json', () => text);
      refused(run, `${join(run, 'metrics.json')} ${found}`);
    }
    const empty = damaged('metrics.json', () => '{}');
    refused(empty, `${join(empty, 'metrics.json')}: "model" must be a non-empty text, it is missing`);
  });

  it('metrics.json with a loss that is text, or a test accuracy missing (our own)', () => {
    const loss = damaged('metrics.json', (text) => text.replace(/"loss": [0-9.e-]+/, '"loss": "low"'));
    refused(loss, `${join(loss, 'metrics.json')}: "history[0].loss" must be a number, found the text "low"`);
    const test = damaged('metrics.json', (text) => JSON.stringify({ ...JSON.parse(text), test: { loss: 1 } }));
    refused(test, `${join(test, 'metrics.json')}: "test.accuracy" must be a number, it is missing`);
  });

  it('model.json of null, a weightsManifest that is an object, a weight without shape, a string shape, duplicate names', () => {
    const cases: [(text: string) => string, (file: string) => string][] = [
      [() => 'null', (file) => `${file} must hold a JSON object, found null`],
      [modelJson((m) => ({ ...m, weightsManifest: { paths: ['./weights.bin'] } })), (file) => `${file}: "weightsManifest" must be a list, found an object`],
      [modelJson((m) => (delete m.weightsManifest[0].weights[0].shape, m)), (file) => `${file}: "weightsManifest[0].weights[0].shape" must be a list, it is missing`],
      [modelJson((m) => ((m.weightsManifest[0].weights[1].shape = '64'), m)), (file) => `${file}: "weightsManifest[0].weights[1].shape" must be a list, found the text "64"`],
      [
        modelJson((m) => ((m.weightsManifest[0].weights[2].name = m.weightsManifest[0].weights[0].name), m)),
        (file) => `${file}: the weight name "dense/kernel" appears twice (weightsManifest[0].weights[0].name and weightsManifest[0].weights[2].name)`,
      ],
    ];
    for (const [change, message] of cases) {
      const run = damaged('model.json', change);
      refused(run, message(join(run, 'model.json')));
    }
  });

  it('a weights.bin that is a FIFO, and a negative dimension (our own): refused, never blocking', () => {
    const fifo = damaged('metrics.json', (text) => text);
    rmSync(join(fifo, 'weights.bin'));
    execFileSync('mkfifo', [join(fifo, 'weights.bin')]);
    refused(fifo, `cannot read ${join(fifo, 'weights.bin')}: it is a named pipe (FIFO), not a regular file`, 2);
    const negative = damaged('model.json', modelJson((m) => ((m.weightsManifest[0].weights[0].shape = [-784, 64]), m)));
    refused(negative, `${join(negative, 'model.json')}: "weightsManifest[0].weights[0].shape[0]" must be a whole number from 0 to 2147483647, found -784`);
  });

  it('dnn runs leaves a damaged run out, saying which file and field, exit 0', () => {
    const runsRoot = join(dir, '.dnn', 'runs');
    const bad = join(runsRoot, 'TestMLP', '2020-01-01_00-00-00');
    cpSync(goodRun, bad, { recursive: true });
    writeFileSync(join(bad, 'metrics.json'), '[]');
    try {
      const run = dnnWithin(60_000, ['runs', specFile, '--json'], dir);
      assert.equal(run.status, 0);
      assert.equal(run.stderr, `warning: left out ${bad}: ${join(bad, 'metrics.json')} must hold a JSON object, found a list\n`);
      const { runs } = JSON.parse(run.stdout) as { runs: { runDir: string; status: string }[] };
      assert.deepEqual(runs.map((r) => [r.runDir, r.status]), [[goodRun, 'completed']]);
    } finally {
      rmSync(bad, { recursive: true, force: true });
    }
  });
});

describe('a run killed mid-epoch stays marked unfinished', () => {
  it('SIGKILL during dnn train: dnn runs --json lists it unfinished, evaluate refuses it clearly, the finished run is untouched', async () => {
    const killedDir = tempDir('dnn-killed-');
    const killedSpec = writeSpec(killedDir, mlpText({ epochs: 50, batchSize: 16 }));
    const child = spawn(process.execPath, [cliBin, 'train', killedSpec, '--backend', 'cpu'], { cwd: killedDir });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    try {
      await pollUntil(async () => output, (text) => text.includes('Epoch 1/50'), { description: 'the first epoch', timeoutMs: 200_000 });
    } finally {
      child.kill('SIGKILL');
    }
    assert.equal(await exited, 'SIGKILL');
    const runs = join(killedDir, '.dnn', 'runs', 'TestMLP');
    const [name] = readdirSync(runs);
    const runDir = join(runs, name);
    assert.ok(existsSync(join(runDir, 'unfinished.json')), 'the marker stays');
    assert.equal(existsSync(join(runDir, 'metrics.json')), false);

    const listed = dnnWithin(60_000, ['runs', killedSpec, '--json'], killedDir);
    assert.equal(listed.status, 0);
    assert.equal(listed.stderr, '');
    const { runs: listing } = JSON.parse(listed.stdout) as { runs: { runDir: string; status: string; epochs: number; test: unknown }[] };
    assert.deepEqual(listing.map((r) => [r.runDir, r.status, r.epochs, r.test]), [[runDir, 'unfinished', 0, null]]);

    const evaluate = dnnWithin(120_000, ['evaluate', killedSpec, '--run', runDir], killedDir);
    assert.equal(evaluate.status, 2);
    assert.equal(evaluate.stderr, `dnn evaluate: ${runDir} is an unfinished run: its training ended before the run was saved (killed, or the process crashed); train again\n`);
    const latest = dnnWithin(120_000, ['evaluate', killedSpec], killedDir);
    assert.equal(latest.status, 1);
    assert.equal(latest.stderr, `dnn evaluate: model TestMLP has no finished run in ${join(killedDir, '.dnn', 'runs')}: train it first\n`);
    // The finished run of the other folder keeps its files.
    assert.deepEqual(readdirSync(goodRun).sort(), ['metrics.json', 'model.json', 'spec.json', 'weights.bin']);
    rmSync(killedDir, { recursive: true, force: true });
  });
});
