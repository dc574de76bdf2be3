// The built `dnn check` CLI on the examples, as a separate process: the JSON document's
// shape, the human report, and the exit codes (0 clean, 1 errors, 2 usage/unreadable).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { cliBin, ensureBuilt, root } from './built';

before(() => ensureBuilt());

function dnn(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [cliBin, ...args], { cwd: root, encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

interface JsonDiagnostic {
  severity: string;
  code: string;
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}
interface JsonFile {
  file: string;
  model: string | null;
  layers: { type: string; name: string; inputs: string[]; line: number; inputShape: unknown; outputShape: unknown; params: number | null; trainableParams: number | null }[];
  totalParams: number;
  trainableParams: number;
  diagnostics: JsonDiagnostic[];
}

const errorExamples = readdirSync(join(root, 'examples', 'errors'))
  .filter((f) => f.endsWith('.dnn'))
  .sort()
  .map((f) => join('examples', 'errors', f));

test('--json on the article model: the exact document, 55,050 params, exit 0', () => {
  const run = dnn('check', 'examples/mnist-mlp.dnn', '--json');
  assert.equal(run.status, 0, run.stderr);
  const document = JSON.parse(run.stdout) as { files: JsonFile[] };
  assert.deepEqual(Object.keys(document), ['files']);
  const [file] = document.files;
  assert.deepEqual(Object.keys(file), ['file', 'model', 'layers', 'totalParams', 'trainableParams', 'diagnostics']);
  assert.equal(file.file, 'examples/mnist-mlp.dnn');
  assert.equal(file.model, 'MnistMLP');
  assert.equal(file.totalParams, 55050);
  assert.equal(file.trainableParams, 55050);
  assert.deepEqual(file.diagnostics, []);
  assert.deepEqual(
    file.layers.map((l) => [l.type, l.outputShape, l.params]),
    [
      ['Input', [null, 784], 0],
      ['Dense', [null, 64], 50240],
      ['Dense', [null, 64], 4160],
      ['Dense', [null, 10], 650],
    ],
  );
  for (const layer of file.layers) {
    assert.deepEqual(Object.keys(layer), ['type', 'name', 'inputs', 'line', 'inputShape', 'outputShape', 'params', 'trainableParams']);
  }
  assert.deepEqual(file.layers[0].inputs, []);
  assert.deepEqual(file.layers[1], { type: 'Dense', name: 'dense', inputs: ['input_layer'], line: 3, inputShape: [null, 784], outputShape: [null, 64], params: 50240, trainableParams: 50240 });
});

test('human output: a Keras-style summary per file, exit 0 for the clean examples', () => {
  const run = dnn('check', 'examples/mnist-mlp.dnn', 'examples/mnist-cnn.dnn');
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /Model: "MnistMLP"/);
  assert.match(run.stdout, /dense \(Dense\) +\[null, 64\] +50,240/);
  assert.match(run.stdout, /Total params: 55,050/);
  assert.match(run.stdout, /examples\/mnist-mlp\.dnn: no problems/);
  assert.match(run.stdout, /examples\/mnist-cnn\.dnn: no problems/);
});

test('the error examples: well-formed diagnostics, the same in JSON (0-based) and for people (1-based)', () => {
  assert.ok(errorExamples.length > 0);
  const json = dnn('check', '--json', ...errorExamples);
  assert.equal(json.status, 1, 'errors give exit 1');
  const document = JSON.parse(json.stdout) as { files: JsonFile[] };
  assert.deepEqual(document.files.map((f) => f.file), errorExamples);
  const human = dnn('check', ...errorExamples);
  assert.equal(human.status, 1);
  for (const file of document.files) {
    assert.ok(file.diagnostics.length > 0, `${file.file} shows at least one diagnostic`);
    for (const d of file.diagnostics) {
      assert.ok(['error', 'warning', 'information', 'hint'].includes(d.severity));
      assert.match(d.code, /^DNN[1-4]\d\d$/);
      assert.ok(d.message.length > 0);
      for (const p of [d.range.start, d.range.end]) assert.ok(Number.isInteger(p.line) && p.line >= 0 && Number.isInteger(p.character) && p.character >= 0);
      const line = `${file.file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.code} ${d.message}`;
      assert.ok(human.stdout.includes(line), `human output has: ${line}`);
    }
  }
});

test('unreadable files: a message on stderr, exit 2, the readable ones still reported', () => {
  const run = dnn('check', '--json', 'examples/mnist-mlp.dnn', 'examples/no-such-file.dnn', 'examples');
  assert.equal(run.status, 2);
  assert.match(run.stderr, /cannot read 'examples\/no-such-file\.dnn': no such file/);
  assert.match(run.stderr, /cannot read 'examples': it is a directory/);
  assert.deepEqual((JSON.parse(run.stdout) as { files: JsonFile[] }).files.map((f) => f.file), ['examples/mnist-mlp.dnn']);
});

test('usage: errors go to stderr with exit 2, --help to stdout with exit 0', () => {
  for (const args of [[], ['check'], ['check', '--jsn', 'examples/mnist-mlp.dnn'], ['chek', 'examples/mnist-mlp.dnn']]) {
    const run = dnn(...args);
    assert.equal(run.status, 2, `dnn ${args.join(' ')}`);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /Usage: dnn/);
  }
  assert.match(dnn('check', '--jsn', 'examples/mnist-mlp.dnn').stderr, /unknown option '--jsn'; did you mean '--json'\?/);
  assert.match(dnn('chek', 'examples/mnist-mlp.dnn').stderr, /unknown command 'chek'; did you mean 'check'\?/);
  const help = dnn('--help');
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^Usage: dnn <command>/);
  assert.match(help.stdout, /check/);
  const version = dnn('--version');
  assert.equal(version.status, 0);
  assert.match(version.stdout, /^dnn \d+\.\d+\.\d+\n$/);
  const checkHelp = dnn('check', '--help');
  assert.equal(checkHelp.status, 0);
  assert.match(checkHelp.stdout, /^Usage: dnn check FILE\.\.\. \[--json\]/);
});

test('a file named after --, and exit 1 for errors without --json', () => {
  const run = dnn('check', '--', 'examples/errors/names.dnn');
  assert.equal(run.status, 1);
  assert.match(run.stdout, /examples\/errors\/names\.dnn:\d+:\d+: error DNN2\d\d /);
});

test('a reader that stops early (`dnn check ... | head`) ends the command quietly, without a stack trace', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'dnn-pipe-'));
  try {
    // A hundred thousand errors: far more output than a pipe holds.
    const file = join(folder, 'junk.dnn');
    writeFileSync(file, '@\n'.repeat(100_000));
    const child = spawn(process.execPath, [cliBin, 'check', file], { cwd: root });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.once('data', () => child.stdout.destroy());
    const [code] = await once(child, 'exit');
    assert.equal(stderr, '');
    assert.ok(code === 0 || code === 1, `exit ${code}`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('--json on a graph model: bindings are the names, every layer names its inputs, file order; the summary has "Connected to"', () => {
  const folder = mkdtempSync(join(tmpdir(), 'dnn-graph-'));
  try {
    const file = join(folder, 'residual.dnn');
    writeFileSync(
      file,
      [
        'model Residual {',
        '    x = Input(shape=[784])',
        '    h = Dense(32, activation=relu)',
        '    skip = Dense(32)(x)',
        '    r = Add()([h, skip])',
        '    Dense(10, activation=softmax)',
        '}',
        '',
      ].join('\n'),
    );
    const run = dnn('check', file, '--json');
    assert.equal(run.status, 0, run.stderr);
    const [checked] = (JSON.parse(run.stdout) as { files: JsonFile[] }).files;
    assert.deepEqual(
      checked?.layers.map((layer) => [layer.type, layer.name, layer.inputs, layer.line, layer.outputShape, layer.params]),
      [
        ['Input', 'x', [], 1, [null, 784], 0],
        ['Dense', 'h', ['x'], 2, [null, 32], 25120],
        ['Dense', 'skip', ['x'], 3, [null, 32], 25120],
        ['Add', 'r', ['h', 'skip'], 4, [null, 32], 0],
        ['Dense', 'dense', ['r'], 5, [null, 10], 330],
      ],
    );
    const human = dnn('check', file);
    assert.equal(human.status, 0);
    assert.match(human.stdout, / Layer \(type\) +Output Shape +Param # +Connected to\n/);
    assert.match(human.stdout, / r \(Add\) +\[null, 32\] +0 +h\[0\]\[0\]\n +skip\[0\]\[0\]\n/);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
