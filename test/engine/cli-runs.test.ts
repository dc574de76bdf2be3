// `dnn runs` as a user runs it: a real process listing run folders newest first, the exact
// --json shape of issue 11, statuses (unfinished included), labels and "spec changed".
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { writeRunLabel } from '../../src/engine/run-list';
import { specHash, writeMetrics } from '../../src/engine/runs';
import { specFromText } from '../../src/engine/spec-file';
import { runMetrics } from '../support/run-metrics';
import { tempDir } from './idx-files';
import { mlpText, writeSpec } from './specs';

const root = join(__dirname, '..', '..');
const cli = join(root, 'src', 'cli', 'dnn.ts');
// By URL: the process may run in a folder without node_modules.
const tsx = pathToFileURL(join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

function dnn(args: string[], cwd = root) {
  const run = spawnSync(process.execPath, ['--import', tsx, cli, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** A workspace with model.dnn (TestMLP): two finished runs, one unfinished, one of another model. */
async function workspace() {
  const dir = tempDir();
  const specFile = writeSpec(dir, mlpText());
  const hash = specHash(specFromText(mlpText(), specFile));
  const runs = join(dir, '.dnn', 'runs');
  const folder = (model: string, name: string) => {
    const path = join(runs, model, name);
    mkdirSync(path, { recursive: true });
    return path;
  };
  const older = folder('TestMLP', '2025-01-01_10-00-00');
  await writeMetrics(older, runMetrics({ model: 'TestMLP', specHash: 'an-older-spec', createdAt: '2025-01-01T10:00:00.000Z', history: [epoch(1)], status: 'stopped' }));
  const newer = folder('TestMLP', '2025-01-02_10-00-00');
  const test = { loss: 0.25, accuracy: 0.93, samples: 10000, confusion: [], perClass: [], misclassified: [], seconds: 1 };
  await writeMetrics(newer, { ...runMetrics({ model: 'TestMLP', specHash: hash, createdAt: '2025-01-02T10:00:00.000Z', history: [epoch(1), epoch(2)], test }), engine: 'pytorch' } as never);
  await writeRunLabel(newer, '  wider   layers ');
  const unfinished = folder('TestMLP', '2025-01-03_10-00-00');
  const other = folder('Other', '2025-01-04_10-00-00');
  await writeMetrics(other, runMetrics({ model: 'Other', createdAt: '2025-01-04T10:00:00.000Z' }));
  return { dir, specFile, older, newer, unfinished };
}

function epoch(n: number) {
  return { epoch: n, loss: 1 / n, accuracy: 0.8, seconds: 1 };
}

describe('dnn runs', () => {
  it('--json: every run of the model, newest first, in the exact shape of issue 11', { timeout: 60_000 }, async () => {
    const { specFile, older, newer, unfinished } = await workspace();
    const listed = dnn(['runs', specFile, '--json']);
    assert.equal(listed.code, 0, listed.stderr);
    const { runs } = JSON.parse(listed.stdout);
    assert.deepEqual(
      runs.map((run: { runDir: string }) => run.runDir),
      [unfinished, newer, older],
    );
    for (const run of runs) {
      assert.deepEqual(Object.keys(run), ['model', 'spec', 'runDir', 'label', 'status', 'startedAt', 'epochs', 'engine', 'specChanged', 'test']);
    }
    assert.deepEqual(runs[1], {
      model: 'TestMLP',
      spec: specFile,
      runDir: newer,
      label: 'wider layers',
      status: 'completed',
      startedAt: '2025-01-02T10:00:00.000Z',
      epochs: 2,
      engine: 'pytorch',
      specChanged: false,
      test: { loss: 0.25, accuracy: 0.93 },
    });
    assert.deepEqual(
      { status: runs[2].status, engine: runs[2].engine, specChanged: runs[2].specChanged, test: runs[2].test, label: runs[2].label, epochs: runs[2].epochs },
      { status: 'stopped', engine: 'tfjs', specChanged: true, test: null, label: null, epochs: 1 },
    );
    assert.equal(runs[0].status, 'unfinished');
    assert.equal(runs[0].test, null);
  });

  it('prints a table, lists the .dnn files of the current folder without FILE, and reads --out', { timeout: 60_000 }, async () => {
    const { dir, specFile } = await workspace();
    const here = dnn(['runs'], dir);
    assert.equal(here.code, 0, here.stderr);
    const lines = here.stdout.trimEnd().split('\n');
    assert.match(lines[0], /^model\s+started\s+status\s+epochs\s+test acc\s+engine\s+label\s+run$/);
    assert.match(lines[1], /^TestMLP\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+unfinished\s+0\s+-\s+tfjs\s+\.dnn\/runs\/TestMLP\/2025-01-03_10-00-00$/);
    assert.match(lines[2], /^TestMLP .* completed\s+2\s+0\.9300\s+pytorch\s+wider layers\s+\.dnn\/runs\/TestMLP\/2025-01-02_10-00-00$/);
    assert.match(lines[3], /stopped\s+1\s+-\s+tfjs\s+\* /);
    assert.equal(lines.at(-1), '* the spec changed since this run');

    const elsewhere = tempDir();
    const none = dnn(['runs', specFile, '--out', elsewhere, '--json']);
    assert.equal(none.code, 0, none.stderr);
    assert.deepEqual(JSON.parse(none.stdout), { runs: [] });
    assert.match(dnn(['runs', specFile, '--out', elsewhere]).stdout, /^No runs yet/);
  });

  it('lists runs of a spec with errors (all changed since) and refuses a missing file clearly', { timeout: 60_000 }, async () => {
    const { specFile, newer } = await workspace();
    writeFileSync(specFile, mlpText().replace('Dense(64', 'Dense(-3'));
    const listed = JSON.parse(dnn(['runs', specFile, '--json']).stdout);
    const run = listed.runs.find((r: { runDir: string }) => r.runDir === newer);
    assert.equal(run.specChanged, true);
    const missing = dnn(['runs', join(tempDir(), 'nothing.dnn')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^dnn runs: cannot read .*nothing\.dnn: /);
    assert.doesNotMatch(missing.stderr, /at .*\.ts:\d+/);
    const bad = dnn(['runs', '--colour']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown option --colour/);
  });
});
