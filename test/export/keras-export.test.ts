// `--format keras`: golden files (the exact Python a model becomes), `python3 -m py_compile`,
// and the file run against a recording stand-in for Keras (test/export/fixtures/keras/
// fake_keras; Keras itself is not installable here) with real numpy: the layers, their
// arguments and wiring are the .dnn file's, and every weight is loaded from the .npz with its
// tfjs name, shape and exact values.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadSpec, specFromText } from '../../src/engine/spec-file';
import { kerasExporter } from '../../src/export/keras';
import { untrainedExportModel } from '../../src/export/load';
import type { ExportModel } from '../../src/export/types';
import { tempDir } from '../engine/idx-files';

const root = join(__dirname, '..', '..');
const fixtures = join(__dirname, 'fixtures', 'keras');
const PYTHON = '/usr/bin/python3';

const KITCHEN_SINK = `model KitchenSink {
    Input(shape=[8, 8, 2])
    Conv2D(4, 3, strides=2, padding=same, activation=hard_sigmoid)
    BatchNormalization(center=false)
    DepthwiseConv2D(3, padding=same, depth_multiplier=2)
    MaxPooling2D(2)
    Reshape([4, 8])
    GRU(6, return_sequences=true)
    LSTM(5, recurrent_activation=sigmoid)
    Dense(8, activation=gelu_new)
    LeakyReLU(alpha=0.2)
    Dropout(0.25)
    Dense(10, activation=log_softmax)
}
compile {
    optimizer = adam
    loss = mse
}
fit {
    dataset = idx(train_images="a", train_labels="b", test_images="c", test_labels="d")
    epochs = 1
    batch_size = 8
}
`;

async function exported(name: string): Promise<ExportModel> {
  if (name === 'kitchen_sink') return untrainedExportModel(specFromText(KITCHEN_SINK, 'kitchen.dnn'), 3);
  return untrainedExportModel(await loadSpec(join(root, 'examples', `${name.replace('_', '-')}.dnn`)), 3);
}

function python(args: string[], env: Record<string, string> = {}) {
  const run = spawnSync(PYTHON, args, { encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });
  if (run.error) throw new Error(`cannot run ${PYTHON}: ${run.error.message}`);
  return run;
}

describe('Keras export', { timeout: 300_000 }, () => {
  for (const name of ['mnist_mlp', 'mnist_cnn', 'kitchen_sink']) {
    it(`${name}: the golden file, compiled by Python`, async () => {
      const dir = tempDir('dnn-keras-');
      const out = join(dir, `${name}_keras.py`);
      const files = await kerasExporter.write(await exported(name), out);
      assert.deepEqual(files, [out, join(dir, `${name}_keras.weights.npz`)]);
      const text = readFileSync(out, 'utf8');
      const golden = join(fixtures, `${name}_keras.py`);
      assert.equal(text, readFileSync(golden, 'utf8'));
      const compiled = python(['-m', 'py_compile', out]);
      assert.equal(compiled.status, 0, compiled.stderr);
    });
  }

  it('builds the graph and loads every weight by name, shape and value (numpy, a recording Keras)', async () => {
    const model = await exported('kitchen_sink');
    const dir = tempDir('dnn-keras-');
    await kerasExporter.write(model, join(dir, 'kitchen_sink_keras.py'));
    const script = [
      'import hashlib, json, kitchen_sink_keras as exported',
      'm = exported.build_model()',
      'print(json.dumps({"name": m.name, "input": m.input_name, "output": m.output_name, "layers": [',
      '  {"kind": l.kind, "name": l.name, "inputs": l.inputs, "args": l.args, "kwargs": {k: v for k, v in l.kwargs.items() if not callable(v)},',
      '   "functions": sorted(k for k, v in l.kwargs.items() if callable(v)),',
      '   "weights": None if l.weights is None else [[list(w.shape), str(w.dtype), hashlib.sha256(w.astype("<f4").tobytes()).hexdigest()] for w in l.weights]}',
      '  for l in m.layers]}))',
    ].join('\n');
    const run = python(['-c', script], { PYTHONPATH: [join(fixtures, 'fake_keras'), dir].join(':'), PYTHONDONTWRITEBYTECODE: '1' });
    assert.equal(run.status, 0, run.stderr);
    const built = JSON.parse(run.stdout) as {
      name: string;
      input: string;
      output: string;
      layers: { kind: string; name: string; inputs: string[]; args: unknown[]; kwargs: Record<string, unknown>; functions: string[]; weights: [number[], string, string][] | null }[];
    };
    const { spec } = model;
    assert.deepEqual([built.name, built.input, built.output], [spec.name, spec.inputName, spec.outputName]);
    assert.deepEqual(
      built.layers.slice(1).map((l) => [l.kind, l.name, l.inputs]),
      spec.layers.map((l) => [l.type, l.name, l.inputs]),
    );
    const byName = new Map(built.layers.map((l) => [l.name, l]));
    assert.deepEqual(byName.get('gru')?.kwargs.reset_after, false);
    assert.deepEqual(byName.get('conv2d')?.functions, ['activation']);
    assert.deepEqual(byName.get('leaky_re_lu')?.args, [0.2]);
    assert.deepEqual(byName.get('conv2d')?.kwargs.strides, [2, 2]);
    for (const layer of spec.layers) {
      const expected = (model.weights.get(layer.name) ?? []).map((w) => [w.shape, 'float32', createHash('sha256').update(new Uint8Array(w.data.buffer, w.data.byteOffset, w.data.byteLength)).digest('hex')]);
      assert.deepEqual(byName.get(layer.name)?.weights ?? [], expected, layer.name);
    }
  });
});
