// Helpers for the PyTorch tests: real PyTorch (Debian's, for /usr/bin/python3 only) runs an
// exported model.py on inputs written by Node, and the outputs come back as float32 files.
// A missing PyTorch fails the test with what to install.
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { layerWeights } from '../../src/export/load';
import type { ExportModel } from '../../src/export/types';
import type { ModelSpec } from '../../src/language/types';

export const PYTHON = '/usr/bin/python3';

/** Runs `code` with /usr/bin/python3 (cwd `dir`); returns stdout. Fails the test, naming the cause, when it fails. */
export function runPython(code: string, dir: string, timeoutMs = 120_000, args: string[] = []): string {
  const result = spawnSync(PYTHON, ['-c', code, ...args], { cwd: dir, encoding: 'utf8', timeout: timeoutMs });
  if (result.error) assert.fail(`cannot run ${PYTHON}: ${result.error.message} (install python3)`);
  if (/No module named 'torch'/.test(result.stderr)) {
    assert.fail(`PyTorch is missing for ${PYTHON}: apt-get install python3-torch libopenblas0-pthread`);
  }
  assert.equal(result.status, 0, `python failed:\n${result.stderr}`);
  return result.stdout;
}

/** The export contract's model of a tfjs model built from `spec`, with its current weights. */
export function exportModelOf(spec: ModelSpec, model: tf.LayersModel): ExportModel {
  return { spec, weights: layerWeights(spec, model), source: { kind: 'untrained' } };
}

/** Gives every weight of `model` random values (variances positive), so no weight is a trivial 0 or 1. */
export function randomizeWeights(model: tf.LayersModel, seed: number): void {
  const values = model.weights.map((weight, i) => {
    const random = tf.randomUniform(weight.shape as number[], -0.5, 0.5, 'float32', seed + i);
    if (!/variance/.test(weight.originalName)) return random;
    const positive = tf.add(tf.abs(random), 0.5);
    random.dispose();
    return positive;
  });
  model.setWeights(values);
  tf.dispose(values);
}

/**
 * Runs each export folder's model on its `inputs.f32` ([count, ...inputShape] float32, written
 * by `writeInputs`) with PyTorch in one python process, and returns the outputs, flat.
 */
export function torchOutputs(folders: string[]): Float32Array[] {
  const script = [
    'import importlib.util, json, struct, sys, torch',
    'for folder, shape in json.loads(sys.argv[1]):',
    "    spec = importlib.util.spec_from_file_location('model_%d' % len(sys.modules), folder + '/model.py')",
    '    module = importlib.util.module_from_spec(spec)',
    '    spec.loader.exec_module(module)',
    '    m = module.build_model()',
    "    assert not m.training, 'build_model() must return the model in eval mode'",
    "    x = torch.frombuffer(bytearray(open(folder + '/inputs.f32', 'rb').read()), dtype=torch.float32).reshape(-1, *shape)",
    '    with torch.no_grad():',
    '        y = torch.cat([m(x[i:i + 1000]) for i in range(0, x.shape[0], 1000)]).reshape(-1).tolist()',
    "    open(folder + '/outputs.f32', 'wb').write(struct.pack('<%df' % len(y), *y))",
  ].join('\n');
  const shapes = folders.map((folder) => [folder, JSON.parse(readFileSync(join(folder, 'training.json'), 'utf8')).inputShape]);
  runPython(script, folders[0], 600_000, [JSON.stringify(shapes)]);
  return folders.map((folder) => {
    const bytes = readFileSync(join(folder, 'outputs.f32'));
    return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  });
}

export function writeInputs(folder: string, inputs: Float32Array): void {
  writeFileSync(join(folder, 'inputs.f32'), inputs);
}
