// The extension host loads dist/client/extension.js at activation: TensorFlow.js (several MB)
// belongs in the training worker only. This guards the import graph, where one convenience
// import (the runner reaching a tfjs module for a folder helper) once pulled it in.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import * as esbuild from 'esbuild';

const root = join(__dirname, '..', '..');

test('the extension bundle does not contain TensorFlow.js', async () => {
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['client/src/extension.ts'],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs);
  assert.ok(inputs.some((file) => file.startsWith('client/src/training/')), 'the bundle holds the training commands');
  assert.deepEqual(inputs.filter((file) => file.includes('@tensorflow')), []);
});
