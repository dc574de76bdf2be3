// Packaging: the .vsix holds only runtime files (`vsce ls` with the allowlist
// .vscodeignore), and what it holds runs on its own: the language server copied out of the
// repository, away from node_modules, still answers an LSP session.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { before, test } from 'node:test';
import type { Hover, MarkupContent } from 'vscode-languageserver/node';
import { ensureBuilt, root } from './built';
import { mnistMlp, spawnServer } from './harness';

before(() => ensureBuilt());

let listed: string[] | undefined;

function packagedFiles(): string[] {
  if (listed) return listed;
  const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  const run = spawnSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8', input: '' });
  assert.equal(run.status, 0, run.stderr);
  listed = run.stdout.split('\n').filter((line) => line.trim() !== '');
  return listed;
}

test('the package lists only runtime files, and every one the extension loads', () => {
  const files = packagedFiles();
  const allowed = [
    /^(package\.json|README\.md|LICENSE|language-configuration\.json)$/,
    /^syntaxes\/[^/]+\.json$/,
    /^snippets\/[^/]+\.json$/,
    /^dist\/(client\/extension|server\/server|engine\/worker|engine\/share-thread|media\/panel|media\/compare)\.js$/,
    /^dist\/wasm\/[^/]+\.wasm$/,
    /^dist\/data\/mnist\/(train|t10k)-(images-idx3|labels-idx1)-ubyte$/,
    /^media\/.+\.(css|png|svg)$/,
  ];
  for (const file of files) assert.ok(allowed.some((pattern) => pattern.test(file)), `${file} is not a runtime file`);
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string };
  for (const required of [manifest.main.replace(/^\.\//, ''), 'dist/server/server.js', 'dist/engine/worker.js', 'dist/engine/share-thread.js', 'dist/media/panel.js', 'dist/media/compare.js', 'syntaxes/dnn.tmLanguage.json', 'LICENSE']) {
    assert.ok(files.includes(required), `${required} is packaged`);
  }
});

test('the packaged language server runs without node_modules', async () => {
  const outside = mkdtempSync(join(tmpdir(), 'dnn-vsix-'));
  try {
    // Everything but the 53 MB of MNIST files, which the server never reads.
    for (const file of packagedFiles().filter((f) => !f.startsWith('dist/data/'))) cpSync(join(root, file), join(outside, file));
    const server = spawnServer(join(outside, 'dist', 'server', 'server.js'), { cwd: dirname(outside), env: { PATH: process.env.PATH ?? '' } });
    const { client } = server;
    try {
      await client.initialize(process.pid);
      const uri = 'file:///packaged/mnist-mlp.dnn';
      await client.open(uri, mnistMlp);
      assert.deepEqual(await client.diagnostics(uri), []);
      const hover = await client.request<Hover>('textDocument/hover', client.position(uri, { line: 3, character: 6 }));
      assert.match((hover.contents as MarkupContent).value, /50,240/);
      await client.request('shutdown', null);
    } finally {
      server.dispose();
    }
    assert.equal(server.stderr(), '');
  } finally {
    rmSync(outside, { recursive: true, force: true });
  }
});
