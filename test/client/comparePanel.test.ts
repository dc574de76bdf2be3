// The comparison panel in a fake VS Code: real run folders read (metrics, recorded spec,
// label), a strict-CSP page with the bundled compare.js, the comparison posted when the
// webview is ready, and the panel restored from the run folders its state kept.
import './fakes/useFakeVscode';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, test } from 'node:test';
import { ComparePanels } from '../../client/src/compare/comparePanel';
import type { ComparisonMessage } from '../../client/src/compare/comparison';
import { writeRunLabel } from '../../src/engine/run-list';
import { writeMetrics } from '../../src/engine/runs';
import { runMetrics } from '../support/run-metrics';
import { FakeWebviewPanel, Uri, world } from './fakes/vscode';

async function twoRuns(): Promise<string[]> {
  const root = mkdtempSync(join(tmpdir(), 'dnn-compare-'));
  const dirs = ['a', 'b'].map((name) => join(root, name));
  for (const [i, dir] of dirs.entries()) {
    mkdirSync(dir);
    await writeMetrics(dir, runMetrics({ history: [{ epoch: 1, loss: 1 - i / 4, accuracy: 0.5 + i / 4, seconds: 1 }] }));
  }
  await writeRunLabel(dirs[1], 'wider');
  return dirs;
}

beforeEach(() => world.reset());

test('opens a strict-CSP panel and posts the comparison when the webview is ready', { timeout: 10_000 }, async () => {
  const dirs = await twoRuns();
  const panels = new ComparePanels(Uri.file('/ext') as never);
  await panels.open(dirs);
  const [panel] = world.panels;
  assert.equal(panel.viewType, 'dnn.compare');
  assert.equal(panel.title, 'DNN: Compare 2 Runs');
  assert.match(panel.webview.html, /Content-Security-Policy" content="default-src 'none'; style-src https:\/\/fake\.vscode-cdn\.net; script-src 'nonce-[A-Za-z0-9+/=]+'"/);
  assert.match(panel.webview.html, /<script nonce="[^"]+" src="https:\/\/fake\.vscode-cdn\.net\/ext\/dist\/media\/compare\.js"><\/script>/);
  assert.equal(panel.webview.posted.length, 0);
  panel.webview.fromWebview.fire({ type: 'ready' });
  const [message] = panel.webview.posted as ComparisonMessage[];
  assert.equal(message.type, 'comparison');
  assert.deepEqual(message.runDirs, dirs);
  assert.deepEqual(message.comparison.runs.map((r) => r.name).at(-1), 'wider');
  assert.equal(message.comparison.figures.find((f) => f.title === 'train accuracy')?.best, 1);
});

test('asks for two runs; restores from the state the webview kept, refusing a state it cannot read', { timeout: 10_000 }, async () => {
  const dirs = await twoRuns();
  const panels = new ComparePanels(Uri.file('/ext') as never);
  await panels.open([dirs[0]]);
  assert.equal(world.panels.length, 0);
  assert.equal(world.messages.at(-1)?.text, 'Select two or more runs in the DNN Runs view to compare them.');

  panels.registerSerializer();
  const serializer = world.serializers.get('dnn.compare')!;
  const restored = new FakeWebviewPanel('dnn.compare', 'old', {});
  await serializer.deserializeWebviewPanel(restored, { runDirs: dirs });
  restored.webview.fromWebview.fire({ type: 'ready' });
  assert.deepEqual((restored.webview.posted[0] as ComparisonMessage).runDirs, dirs);
  const broken = new FakeWebviewPanel('dnn.compare', 'old', {});
  await serializer.deserializeWebviewPanel(broken, { runDirs: 'nope' });
  assert.equal(broken.disposed, true);
});
