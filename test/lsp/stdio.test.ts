// The built `dnn-language-server --stdio` as a separate process, the way Neovim, Emacs or
// Helix start it: initialize → didOpen → diagnostics → hover → shutdown → exit, as a client
// that announces no capabilities at all (pushed diagnostics, plain-text hover).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { before, test } from 'node:test';
import type { Hover, MarkupContent } from 'vscode-languageserver/node';
import { ensureBuilt, serverBin } from './built';
import { messageOf, mnistMlp, spawnServer } from './harness';

before(() => ensureBuilt());

test('a full session over stdio with the built server', async () => {
  const { child, client, stderr, dispose } = spawnServer(serverBin, { minimal: true });
  try {
    const initialized = await client.initialize(process.pid);
    assert.equal(initialized.serverInfo?.name, 'dnn-language-server');
    assert.equal(initialized.capabilities.diagnosticProvider, undefined, 'diagnostics are pushed to a client without pull support');

    const uri = 'file:///stdio/mnist-mlp.dnn';
    await client.open(uri, mnistMlp.replace('activation=relu)\n    Dense(10', 'activation=rellu)\n    Dense(10'));
    const diagnostics = await client.diagnostics(uri);
    assert.equal(diagnostics.length, 1);
    assert.match(messageOf(diagnostics[0]), /rellu/);
    assert.equal(diagnostics[0].range.start.line, 4);

    const hover = await client.request<Hover>('textDocument/hover', client.position(uri, { line: 3, character: 6 }));
    const contents = hover.contents as MarkupContent;
    assert.equal(contents.kind, 'plaintext');
    assert.match(contents.value, /\[null, 784\] → \[null, 64\]/);
    assert.match(contents.value, /50,240/);

    await client.request('shutdown', null);
    const exited = once(child, 'exit');
    await client.connection.sendNotification('exit');
    const [code] = await exited;
    assert.equal(code, 0, `the server exits cleanly after shutdown + exit (stderr: ${stderr()})`);
  } finally {
    dispose();
  }
});

test('started without a transport it explains itself and exits 2; --help and --version answer on stdout', () => {
  const run = spawnSync(process.execPath, [serverBin], { encoding: 'utf8' });
  assert.equal(run.status, 2);
  assert.match(run.stderr, /Usage: dnn-language-server --stdio/);
  const help = spawnSync(process.execPath, [serverBin, '--help'], { encoding: 'utf8' });
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^Usage: dnn-language-server --stdio/);
  const version = spawnSync(process.execPath, [serverBin, '--version'], { encoding: 'utf8' });
  assert.equal(version.status, 0);
  assert.match(version.stdout, /^dnn-language-server \d+\.\d+\.\d+\n$/);
});
