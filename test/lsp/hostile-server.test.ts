// The built `dnn-language-server --stdio` as a separate process, driven the way a broken or
// hostile client would (issue 10): the lifecycle is enforced for every request, cancelled
// requests drain at once, a framing error ends the process with a reason (the editor restarts
// it) instead of leaving it deaf, and summaries of special files neither hang nor starve the
// server. Every wait has a deadline (`within`): a hang fails the test and says so.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { ResponseError } from 'vscode-jsonrpc/node';
import type { Hover } from 'vscode-languageserver/node';
import { deepModel } from '../hostile/generated';
import { waitUntil, within } from '../support/poll';
import { ensureBuilt, root, serverBin } from './built';
import { mnistMlp, spawnServer } from './harness';
import type { ModelSummary } from '../../src/protocol/modelSummary';

before(() => ensureBuilt());
const dir = mkdtempSync(join(tmpdir(), 'dnn-hostile-server-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The error a request was answered with, as { code, message }; fails if it got a result. */
async function refusalOf(request: Promise<unknown>): Promise<{ code: number; message: string }> {
  const outcome = await request.then(
    (result) => assert.fail(`expected an error, got ${JSON.stringify(result)}`),
    (error: unknown) => error,
  );
  assert.ok(outcome instanceof ResponseError, `a protocol error, not ${String(outcome)}`);
  return { code: outcome.code, message: outcome.message };
}

/** The exit code of a spawned server, waited for with a deadline. */
async function exitCode(child: ReturnType<typeof spawn>, ms: number, description: string): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const [code] = await within(ms, description, once(child, 'exit'));
  return code as number | null;
}

test('a request before initialize gets ServerNotInitialized; a second initialize and a request after shutdown are refused', { timeout: 60_000 }, async () => {
  const { child, client, stderr, dispose } = spawnServer(serverBin, { minimal: true });
  try {
    const hover = { textDocument: { uri: 'file:///early.dnn' }, position: { line: 0, character: 0 } };
    assert.deepEqual(await within(20_000, 'hover before initialize', refusalOf(client.request('textDocument/hover', hover))), {
      code: -32002,
      message: "'textDocument/hover' before initialize: send initialize first",
    });
    // Not only our handlers: a method the library answers, and one nobody handles.
    assert.deepEqual(await within(10_000, 'shutdown before initialize', refusalOf(client.request('shutdown', null))), {
      code: -32002,
      message: "'shutdown' before initialize: send initialize first",
    });
    assert.equal((await within(10_000, 'unknown method before initialize', refusalOf(client.request('dnn/noSuchThing', {})))).code, -32002);

    const initialized = await within(10_000, 'initialize', client.initialize(process.pid));
    assert.equal(initialized.serverInfo?.name, 'dnn-language-server');
    const again = { processId: process.pid, rootUri: null, capabilities: {} };
    assert.deepEqual(await within(10_000, 'second initialize', refusalOf(client.request('initialize', again))), {
      code: -32600,
      message: 'the server is already initialized: initialize is sent once',
    });

    // The refusals changed nothing: the session works.
    const uri = 'file:///lifecycle/mnist-mlp.dnn';
    await client.open(uri, mnistMlp);
    const answer = await within(10_000, 'hover after initialize', client.request<Hover>('textDocument/hover', client.position(uri, { line: 3, character: 6 })));
    assert.match(JSON.stringify(answer.contents), /50,240/);

    await within(10_000, 'shutdown', client.request('shutdown', null));
    assert.deepEqual(await within(10_000, 'hover after shutdown', refusalOf(client.request('textDocument/hover', client.position(uri, { line: 3, character: 6 })))), {
      code: -32600,
      message: "'textDocument/hover' after shutdown: the server is shutting down",
    });
    await client.connection.sendNotification('exit');
    assert.equal(await exitCode(child, 10_000, 'exit after shutdown'), 0, stderr());
    assert.equal(stderr(), '');
  } finally {
    dispose();
  }
});

/** The framed bytes of a JSON-RPC message, as an editor writes them. */
function frame(message: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(message));
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]);
}

interface Answer {
  id: number;
  result?: unknown;
  error?: { code: number; message: string };
}

/**
 * The server as a process spoken to in raw frames: a batch of requests, each followed by its
 * `$/cancelRequest`, goes out in one write, as a client that cancels at once would send it
 * (the jsonrpc library's writer awaits each message, so its cancels trail behind dispatch).
 */
function rawServer() {
  const child = spawn(process.execPath, [serverBin, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const answers = new Map<number, Answer>();
  let pending = Buffer.alloc(0);
  child.stdout.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    for (;;) {
      const end = pending.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/Content-Length: (\d+)/.exec(pending.subarray(0, end).toString())?.[1]);
      if (pending.length < end + 4 + length) return;
      const message = JSON.parse(pending.subarray(end + 4, end + 4 + length).toString()) as Answer & { method?: string };
      pending = pending.subarray(end + 4 + length);
      if (message.method === undefined) answers.set(message.id, message);
    }
  });
  let nextId = 1;
  const answered = (ids: number[]): Promise<Answer[]> =>
    waitUntil(`answers to ${ids.length} requests`, () => ids.every((id) => answers.has(id)), 60_000).then(() => ids.map((id) => answers.get(id)!));
  return {
    child,
    stderr: () => stderr,
    notify: (method: string, params: unknown) => child.stdin.write(frame({ jsonrpc: '2.0', method, params })),
    async request(method: string, params: unknown): Promise<Answer> {
      const id = nextId++;
      child.stdin.write(frame({ jsonrpc: '2.0', id, method, params }));
      return (await answered([id]))[0];
    },
    /** `count` copies of a request, each cancelled right after it, in one write; their answers. */
    cancelledBatch(method: string, params: unknown, count: number): Promise<Answer[]> {
      const ids = Array.from({ length: count }, () => nextId++);
      const frames = ids.flatMap((id) => [frame({ jsonrpc: '2.0', id, method, params }), frame({ jsonrpc: '2.0', method: '$/cancelRequest', params: { id } })]);
      child.stdin.write(Buffer.concat(frames));
      return answered(ids);
    },
  };
}

/**
 * Every answer is the exact RequestCancelled error or, for a request that was dispatched
 * before its cancel was read (at a read boundary of the pipe), the exact normal result.
 */
function assertCancelled(method: string, answers: Answer[], normal: Answer): void {
  let cancelled = 0;
  for (const answer of answers) {
    if (answer.error === undefined) {
      assert.deepEqual(answer.result, normal.result, `${method}: a result that was not cancelled is the normal one`);
      continue;
    }
    assert.deepEqual(answer.error, { code: -32800, message: 'cancelled by the client' }, method);
    cancelled++;
  }
  // Before the fix none was cancelled; a pipe read boundary may let one or two through.
  assert.ok(cancelled >= answers.length - 5, `${method}: ${cancelled} of ${answers.length} answered RequestCancelled`);
}

test('500 cancelled hovers are answered RequestCancelled at once, and so is every other request', { timeout: 180_000 }, async () => {
  const server = rawServer();
  try {
    const initialized = await within(20_000, 'initialize', server.request('initialize', { processId: process.pid, rootUri: null, capabilities: { textDocument: { diagnostic: {} } } }));
    assert.equal(initialized.error, undefined);
    server.notify('initialized', {});
    const uri = 'file:///cancel/deep.dnn';
    server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'dnn', version: 1, text: deepModel(2000) } });
    const at = { textDocument: { uri }, position: { line: 2, character: 6 } };
    const hover = await within(30_000, 'the first hover (analysis of 2,000 layers)', server.request('textDocument/hover', at));
    assert.match(JSON.stringify(hover.result), /Dense/);

    assertCancelled('hover', await within(60_000, '500 cancelled hovers', server.cancelledBatch('textDocument/hover', at, 500)), hover);
    const after = await within(10_000, 'a hover after the batch', server.request('textDocument/hover', at));
    assert.deepEqual(after.result, hover.result, 'the server answers normally after the batch');

    const document = { textDocument: { uri } };
    const range = { start: { line: 0, character: 0 }, end: { line: 40, character: 0 } };
    const requests: [string, unknown][] = [
      ['textDocument/completion', at],
      ['textDocument/signatureHelp', at],
      ['textDocument/inlayHint', { ...document, range }],
      ['textDocument/codeAction', { ...document, range, context: { diagnostics: [] } }],
      ['textDocument/documentSymbol', document],
      ['textDocument/definition', at],
      ['textDocument/references', { ...at, context: { includeDeclaration: true } }],
      ['textDocument/documentHighlight', at],
      ['textDocument/foldingRange', document],
      ['textDocument/formatting', { ...document, options: { tabSize: 4, insertSpaces: true } }],
      ['textDocument/semanticTokens/full', document],
      ['textDocument/codeLens', document],
      ['textDocument/diagnostic', document],
      ['dnn/modelSummary', { uri }],
    ];
    for (const [method, params] of requests) {
      const normal = await within(30_000, method, server.request(method, params));
      assert.equal(normal.error, undefined, method);
      assertCancelled(method, await within(60_000, `50 cancelled ${method}`, server.cancelledBatch(method, params, 50)), normal);
    }
    assert.equal(server.stderr(), '');
  } finally {
    server.child.kill();
  }
});

/** What the server says on stderr for each file of test/hostile/lsp-frames. */
const framingErrors: Record<string, string> = {
  'body-not-json.frame': 'a message body of 5 bytes that is not JSON (a wrong Content-Length?)',
  'charset-latin1.frame': 'a Content-Type with charset "latin1": only utf-8 is spoken',
  'content-length-huge.frame': 'a Content-Length of 99999999999 bytes, more than the 268435456 allowed',
  'content-length-negative.frame': 'a Content-Length that is not a whole number of bytes: "-5"',
  'content-length-not-a-number.frame': 'a Content-Length that is not a whole number of bytes: "abc"',
  'garbage-header.frame': 'a message header line that is not "Name: value": "hello world"',
  'json-without-header.frame': 'a message header line that is not "Name: value": "{\\"jsonrpc\\":\\"2.0\\",\\"id\\":9,\\"method\\":\\"shutdown\\"}"',
  'no-content-length.frame': 'a message header without Content-Length',
};

test('a framing error is said on stderr and ends the server with exit 1 at once, never a deaf server', { timeout: 120_000 }, async () => {
  const corpus = readdirSync(join(root, 'test', 'hostile', 'lsp-frames')).sort();
  assert.deepEqual(corpus, Object.keys(framingErrors).sort(), 'every file of the corpus has its expected message');
  for (const name of corpus) {
    const child = spawn(process.execPath, [serverBin, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.resume();
    try {
      child.stdin.write(frame({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } }));
      child.stdin.write(readFileSync(join(root, 'test', 'hostile', 'lsp-frames', name)));
      // stdin stays open: the server must leave on its own, not because its input ended.
      assert.equal(await exitCode(child, 20_000, `${name}: the server exits`), 1, name);
      assert.equal(stderr, `dnn-language-server: unreadable input from the editor, ${framingErrors[name]}; exiting so that it restarts the server\n`, name);
    } finally {
      child.kill();
    }
  }
});

test('dnn/modelSummary of a FIFO, /dev/zero, a folder, a link to a FIFO: five of each refused clearly, and a normal summary still answers', { timeout: 60_000 }, async () => {
  const fifo = join(dir, 'pipe.dnn');
  execFileSync('mkfifo', [fifo]);
  const folder = join(dir, 'folder.dnn');
  mkdirSync(folder);
  const link = join(dir, 'link.dnn');
  symlinkSync(fifo, link);
  const regular = join(dir, 'mnist-mlp.dnn');
  writeFileSync(regular, mnistMlp);

  const { client, stderr, dispose } = spawnServer(serverBin, {});
  try {
    await within(20_000, 'initialize', client.initialize(process.pid));
    const cases: [string, string][] = [
      [pathToFileURL(fifo).href, 'it is a named pipe (FIFO), not a regular file'],
      ['file:///dev/zero', 'it is a character device, not a regular file'],
      [pathToFileURL(folder).href, 'it is a folder'],
      [pathToFileURL(link).href, 'it is a named pipe (FIFO), not a regular file'],
      ['untitled:Untitled-1', 'it is not a file: URI'],
    ];
    const refused = cases.flatMap(([uri, why]) =>
      Array.from({ length: 5 }, async () => {
        assert.deepEqual(await refusalOf(client.request('dnn/modelSummary', { uri })), {
          code: -32602,
          message: `cannot read '${uri}': not an open document nor a readable file (${why})`,
        });
      }),
    );
    // libuv has four threads: a FIFO opened for reading would hold one each, and this would wait forever.
    const summary = await within(10_000, 'a normal summary after 25 hostile ones', client.request<ModelSummary>('dnn/modelSummary', { uri: pathToFileURL(regular).href }));
    assert.equal(summary.totalParams, 55050);
    await within(10_000, 'the 25 refusals', Promise.all(refused));
    assert.equal(stderr(), '');
  } finally {
    dispose();
  }
});
