// `dnn export` as a user runs it, in its own process: the contract of issue 9 (flags, the
// --json object, exit codes), never replacing an existing output without --force, and the
// refusal naming --untrained when the model has no run.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tempDir } from '../engine/idx-files';
import { mlpText, writeSpec } from '../engine/specs';

const root = join(__dirname, '..', '..');
const cli = join(root, 'src', 'cli', 'dnn.ts');

function dnn(args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function trainedSpec(): { dir: string; specFile: string; runDir: string } {
  const dir = tempDir('dnn-export-cli-');
  const specFile = writeSpec(dir, mlpText({ hidden: 16 }));
  const trained = dnn(['train', specFile, '--epochs', '1', '--train-limit', '300', '--seed', '1', '--backend', 'cpu', '--json']);
  assert.equal(trained.code, 0, trained.stderr);
  const runDir = (JSON.parse(trained.stdout.trimEnd().split('\n').at(-1) ?? '') as { runDir: string }).runDir;
  return { dir, specFile, runDir };
}

describe('dnn export', { timeout: 300_000 }, () => {
  it('writes the latest run by default, prints {"format","files"} with --json, never replaces without --force', () => {
    const { specFile, runDir } = trainedSpec();
    const first = dnn(['export', specFile, '--format', 'tfjs', '--json']);
    assert.equal(first.code, 0, first.stderr);
    const result = JSON.parse(first.stdout.trimEnd().split('\n').at(-1) ?? '');
    assert.deepEqual(Object.keys(result), ['format', 'files']);
    assert.equal(result.format, 'tfjs');
    const out = join(runDir, 'export', 'tfjs');
    assert.deepEqual(result.files, [join(out, 'model.json'), join(out, 'weights.bin')]);
    for (const file of result.files) assert.ok(statSync(file).size > 0, file);

    // A second export to the same place is refused, and the files stay as they were.
    writeFileSync(join(out, 'weights.bin'), 'mine');
    const again = dnn(['export', specFile, '--format', 'tfjs']);
    assert.equal(again.code, 1);
    assert.equal(again.stdout, '');
    assert.equal(again.stderr, `dnn export: ${out} exists; pass --force to replace it\n`);
    assert.equal(readFileSync(join(out, 'weights.bin'), 'utf8'), 'mine');

    const forced = dnn(['export', specFile, '--format', 'tfjs', '--force']);
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(forced.stdout, new RegExp(`^Exported TestMLP \\(the run in ${runDir}\\) as tfjs to ${out}:\\n  ${out}/model.json\\n  ${out}/weights.bin\\n$`));
    assert.equal(statSync(join(out, 'weights.bin')).size, (784 * 16 + 16 + 16 * 10 + 10) * 4);
  });

  it('exports the run named by --run to the --out given, and fresh weights with --untrained', () => {
    const { dir, specFile, runDir } = trainedSpec();
    const out = join(dir, 'elsewhere', 'model-tfjs');
    const named = dnn(['export', specFile, '--format=tfjs', '--run', runDir, '--out', out, '--json']);
    assert.equal(named.code, 0, named.stderr);
    assert.deepEqual(JSON.parse(named.stdout).files, [join(out, 'model.json'), join(out, 'weights.bin')]);
    assert.deepEqual(readFileSync(join(out, 'weights.bin')), readFileSync(join(runDir, 'weights.bin')));

    const fresh = dnn(['export', specFile, '--format', 'tfjs', '--untrained', '--json']);
    assert.equal(fresh.code, 0, fresh.stderr);
    const freshOut = join(dir, '.dnn', 'export', 'TestMLP-untrained', 'tfjs');
    assert.deepEqual(JSON.parse(fresh.stdout).files, [join(freshOut, 'model.json'), join(freshOut, 'weights.bin')]);
    assert.notDeepEqual(readFileSync(join(freshOut, 'weights.bin')), readFileSync(join(runDir, 'weights.bin')));
  });

  it('exits 1 naming --untrained when the model has no run; 2 for usage errors', () => {
    const dir = tempDir('dnn-export-cli-');
    const specFile = writeSpec(dir, mlpText({ name: 'Fresh' }));
    const noRun = dnn(['export', specFile, '--format', 'tfjs']);
    assert.equal(noRun.code, 1);
    assert.match(noRun.stderr, /^dnn export: model Fresh has no finished run in .*: train it first, name one with --run DIR, or export fresh weights with --untrained\n$/);

    const cases: [string[], RegExp][] = [
      [['export', specFile], /missing --format \(pytorch, onnx, keras, tfjs\)/],
      [['export', specFile, '--format', 'onnxx'], /unknown format 'onnxx'; did you mean 'onnx'\?/],
      [['export', specFile, '--format', 'tfjs', '--untrained', '--run', dir], /--run and --untrained exclude each other/],
      [['export', '--format', 'tfjs'], /missing FILE/],
      [['export', specFile, '--format', 'tfjs', '--frobnicate'], /unknown option --frobnicate/],
    ];
    for (const [args, message] of cases) {
      const usage = dnn(args);
      assert.equal(usage.code, 2, args.join(' '));
      assert.match(usage.stderr, message);
      assert.match(usage.stderr, /Usage: dnn export FILE --format FORMAT/);
    }
    const missing = dnn(['export', join(dir, 'missing.dnn'), '--format', 'tfjs']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^dnn export: cannot read .*missing\.dnn: no such file\n$/);

    const broken = dnn(['export', writeSpec(dir, mlpText({ activation: 'rellu' }), 'broken.dnn'), '--format', 'tfjs', '--untrained']);
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /^dnn export: broken\.dnn has 1 error; fix it before exporting:\n/);

    const fileWhereFolderGoes = join(dir, 'a-file');
    writeFileSync(fileWhereFolderGoes, 'keep');
    const wrongKind = dnn(['export', specFile, '--format', 'tfjs', '--untrained', '--out', fileWhereFolderGoes, '--force']);
    assert.equal(wrongKind.code, 2);
    assert.match(wrongKind.stderr, /a-file is a file; the tfjs export is a folder/);
    assert.equal(readFileSync(fileWhereFolderGoes, 'utf8'), 'keep');

    const emptyFolder = join(dir, 'empty');
    mkdirSync(emptyFolder);
    assert.equal(dnn(['export', specFile, '--format', 'tfjs', '--untrained', '--out', emptyFolder]).code, 0);
    assert.ok(existsSync(join(emptyFolder, 'model.json')));
  });
});
