// The per-document debounce and the handler guard, on their own.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { ResponseError } from 'vscode-languageserver/node';
import { DocumentDebouncer } from '../../src/lsp/debounce';
import { safely } from '../../src/lsp/safely';

test('a newer wait for the same document supersedes the older one at once', async () => {
  const debouncer = new DocumentDebouncer(10);
  const older = debouncer.wait('file:///a.dnn');
  const other = debouncer.wait('file:///b.dnn');
  const newer = debouncer.wait('file:///a.dnn');
  assert.equal(await older, 'superseded');
  assert.equal(await newer, 'ready');
  assert.equal(await other, 'ready', 'another document is not affected');
});

test('a cancelled token settles the wait as cancelled; an already cancelled one too', async () => {
  const debouncer = new DocumentDebouncer(60_000);
  const source = new CancellationTokenSource();
  const waiting = debouncer.wait('file:///a.dnn', source.token);
  source.cancel();
  assert.equal(await waiting, 'cancelled');
  assert.equal(await debouncer.wait('file:///a.dnn', source.token), 'cancelled');
});

test('dropping a document or disposing settles its waits', async () => {
  const debouncer = new DocumentDebouncer(60_000);
  const dropped = debouncer.wait('file:///a.dnn');
  debouncer.drop('file:///a.dnn');
  assert.equal(await dropped, 'superseded');
  const pending = debouncer.wait('file:///b.dnn');
  debouncer.dispose();
  assert.equal(await pending, 'superseded');
});

test('safely: a throwing handler is logged and answered with the fallback', async () => {
  const logged: string[] = [];
  const handler = safely(
    (message) => logged.push(message),
    'hover',
    null,
    (_params: unknown): string | null => {
      throw new Error('boom');
    },
  );
  assert.equal(await handler({}), null);
  assert.equal(logged.length, 1);
  assert.match(logged[0], /^hover failed: Error: boom/);
});

test('safely: a deliberate ResponseError goes back to the client as it is', async () => {
  const handler = safely(() => undefined, 'summary', null, (_params: unknown): null => {
    throw new ResponseError(-32602, 'cannot read');
  });
  await assert.rejects(handler({}), /cannot read/);
});
