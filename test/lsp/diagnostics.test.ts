// Diagnostics through the real server: pushed to clients without pull support, pulled by
// clients with it, debounced per document, cancellable, recomputed once per version.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import { messageOf, mnistMlp, withInProcessServer } from './harness';
import { waitUntil } from '../support/poll';

const typo = mnistMlp.replace('Dense(10, activation=softmax)', 'Dense(10, activation=softmaks)');

test('push: an opened document gets its diagnostics with code, severity, range and source', async () => {
  await withInProcessServer({ pullDiagnostics: false }, async (client) => {
    const uri = 'file:///push/typo.dnn';
    await client.open(uri, typo);
    const diagnostics = await client.diagnostics(uri);
    const error = diagnostics.find((d) => messageOf(d).includes('softmaks'));
    assert.ok(error, 'the unknown activation is reported');
    assert.equal(error.severity, DiagnosticSeverity.Error);
    assert.match(String(error.code), /^DNN2\d\d$/);
    assert.equal(error.source, 'dnn');
    assert.deepEqual(error.range, { start: { line: 5, character: 25 }, end: { line: 5, character: 33 } });
    assert.equal(client.lastPushed(uri)?.version, 1);
  });
});

test('push: after quick edits the diagnostics settle on the last version; closing clears them', async () => {
  await withInProcessServer({ pullDiagnostics: false }, async (client) => {
    const uri = 'file:///push/edits.dnn';
    await client.open(uri, typo);
    for (let i = 0; i < 5; i++) await client.change(uri, typo.replace('epochs = 10', `epochs = ${i}`));
    await client.change(uri, mnistMlp);
    assert.deepEqual(await client.diagnostics(uri), []);
    assert.equal(client.lastPushed(uri)?.version, 7);
    await client.close(uri);
    await waitUntil('diagnostics pushed without a version', () => client.lastPushed(uri)?.version === undefined);
    assert.deepEqual(client.lastPushed(uri)?.diagnostics, []);
  });
});

test('pull: the report holds the current version’s diagnostics; no push at all', async () => {
  await withInProcessServer({ pullDiagnostics: true }, async (client) => {
    const uri = 'file:///pull/typo.dnn';
    await client.open(uri, typo);
    const first = await client.diagnostics(uri);
    assert.ok(first.some((d) => messageOf(d).includes('softmaks')));
    await client.change(uri, mnistMlp);
    assert.deepEqual(await client.diagnostics(uri), []);
    assert.equal(client.lastPushed(uri), undefined, 'a pull client gets no pushed diagnostics');
  });
});

test('pull: a newer request for the same document supersedes the waiting one', async () => {
  // A long quiet period, so the second request surely arrives while the first waits.
  await withInProcessServer({ pullDiagnostics: true, diagnosticsDelayMs: 2000 }, async (client) => {
    const uri = 'file:///pull/superseded.dnn';
    await client.open(uri, typo);
    const older = client.request('textDocument/diagnostic', { textDocument: { uri } });
    const newer = client.request<{ items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } });
    await assert.rejects(older, (error: { code: number; data: unknown }) => error.code === -32802 && (error.data as { retriggerRequest: boolean }).retriggerRequest === false);
    assert.ok((await newer).items.some((d) => messageOf(d).includes('softmaks')));
  });
});

test('pull: a cancelled request is answered as cancelled', async () => {
  await withInProcessServer({ pullDiagnostics: true, diagnosticsDelayMs: 2000 }, async (client) => {
    const uri = 'file:///pull/cancelled.dnn';
    await client.open(uri, typo);
    const source = new CancellationTokenSource();
    const pending = client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } }, source.token);
    source.cancel();
    await assert.rejects(pending, (error: { code: number }) => error.code === -32800);
  });
});

test('push: new size limits from the settings re-check open documents', async () => {
  await withInProcessServer({ pullDiagnostics: false, settings: {} }, async (client) => {
    const uri = 'file:///push/limits.dnn';
    await client.open(uri, mnistMlp);
    assert.deepEqual(await client.diagnostics(uri), []);
    client.settings = { limits: { maxParams: 1000 } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await waitUntil('diagnostics pushed for the document', () => (client.lastPushed(uri)?.diagnostics.length ?? 0) > 0);
    const warning = client.lastPushed(uri)!.diagnostics[0];
    assert.equal(warning.severity, DiagnosticSeverity.Warning);
    assert.match(messageOf(warning), /55,050/);
  });
});

test('settings pushed in didChangeConfiguration (Neovim style) are taken as they come', async () => {
  await withInProcessServer({ pullDiagnostics: false }, async (client) => {
    const uri = 'file:///push/pushed-settings.dnn';
    await client.open(uri, mnistMlp);
    assert.deepEqual(await client.diagnostics(uri), []);
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { dnn: { limits: { maxParams: 1000 } } } });
    await waitUntil('diagnostics pushed for the document', () => (client.lastPushed(uri)?.diagnostics.length ?? 0) > 0);
    assert.match(messageOf(client.lastPushed(uri)!.diagnostics[0]), /55,050/);
  });
});

