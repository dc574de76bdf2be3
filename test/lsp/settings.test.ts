// The settings the extension declares and the ones the server reads agree: same keys, same
// defaults (the limits' defaults are the analyzer's), and bad values fall back to defaults.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { defaultLimits } from '../../src/language/checks-size';
import { defaultSettings, readSettings } from '../../src/lsp/settings';
import { root } from './built';

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  activationEvents: string[];
  contributes: { commands: { command: string; title: string; category?: string }[]; configuration: { properties: Record<string, { default: unknown }> } };
};
const properties = manifest.contributes.configuration.properties;

test('package.json declares the language settings with the server’s and analyzer’s defaults', () => {
  assert.equal(properties['dnn.inlayHints.shapes'].default, defaultSettings.inlayHints.shapes);
  assert.equal(properties['dnn.inlayHints.params'].default, defaultSettings.inlayHints.params);
  assert.equal(properties['dnn.limits.maxParams'].default, defaultLimits.maxParams);
  assert.equal(properties['dnn.limits.maxActivationBytes'].default, defaultLimits.maxActivationBytes);
  assert.equal(properties['dnn.trace.server'].default, 'off');
});

test('package.json activates on the language and contributes DNN: Restart Language Server', () => {
  assert.ok(manifest.activationEvents.includes('onLanguage:dnn'));
  const restart = manifest.contributes.commands.find((c) => c.command === 'dnn.restartServer');
  assert.deepEqual(restart && `${restart.category}: ${restart.title}`, 'DNN: Restart Language Server');
});

test('settings as VS Code sends them (nested), and wrong types fall back to the defaults', () => {
  assert.deepEqual(readSettings({ inlayHints: { shapes: false, params: true }, limits: { maxParams: 10, maxActivationBytes: 20 }, trace: { server: 'off' } }), {
    inlayHints: { shapes: false, params: true },
    limits: { maxParams: 10, maxActivationBytes: 20 },
  });
  assert.deepEqual(readSettings({ inlayHints: { shapes: 'no' }, limits: { maxParams: -1, maxActivationBytes: 'big' } }), defaultSettings);
  assert.deepEqual(readSettings(null), defaultSettings);
});
