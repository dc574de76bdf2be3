// The strict stdio reader on its own: well-formed frames come out whole however the bytes are
// split (one byte at a time, a large body in many chunks), and the first bad byte is one error.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import type { Message } from 'vscode-languageserver/node';
import { StrictMessageReader } from '../../src/lsp/framing';

function read(chunks: Buffer[]): { messages: Message[]; errors: string[] } {
  const stream = new PassThrough();
  const reader = new StrictMessageReader(stream);
  const messages: Message[] = [];
  const errors: string[] = [];
  reader.onError((error) => errors.push(error.message));
  reader.listen((message) => messages.push(message));
  for (const chunk of chunks) stream.emit('data', chunk);
  return { messages, errors };
}

const frame = (message: object, headers = ''): Buffer => {
  const body = Buffer.from(JSON.stringify(message));
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n${headers}\r\n`), body]);
};

const stream = Buffer.concat([
  frame({ jsonrpc: '2.0', id: 1, method: 'initialize', params: {} }),
  frame({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { text: 'é'.repeat(100_000) } }, 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n'),
  frame({ jsonrpc: '2.0', id: 2, method: 'shutdown' }),
]);

test('frames split anywhere come out whole, in order', () => {
  const whole = read([stream]);
  const byteByByte = read(Array.from({ length: stream.length }, (_, i) => stream.subarray(i, i + 1)));
  const inChunks = read(Array.from({ length: Math.ceil(stream.length / 4096) }, (_, i) => stream.subarray(i * 4096, (i + 1) * 4096)));
  for (const { messages, errors } of [whole, byteByByte, inChunks]) {
    assert.deepEqual(errors, []);
    assert.deepEqual(messages.map((m) => ('id' in m ? m.id : 'method' in m ? m.method : '?')), [1, 'textDocument/didOpen', 2]);
    assert.equal((messages[1] as unknown as { params: { text: string } }).params.text.length, 100_000);
  }
});

test('after a good frame, a bad one is a single error and nothing more is read', () => {
  const bad = Buffer.from('Content-Length: 12x\r\n\r\n{}');
  const { messages, errors } = read([frame({ jsonrpc: '2.0', id: 1, method: 'initialize' }), bad, frame({ jsonrpc: '2.0', id: 2, method: 'shutdown' })]);
  assert.equal(messages.length, 1);
  assert.deepEqual(errors, ['a Content-Length that is not a whole number of bytes: "12x"']);
});

test('a body that is JSON but not an object, and a header with no end, are errors too', () => {
  assert.deepEqual(read([Buffer.from('Content-Length: 2\r\n\r\n42')]).errors, ['a message body that is not a JSON object']);
  assert.deepEqual(read([Buffer.from(`X-Padding: ${'a'.repeat(5000)}`)]).errors, ['a message header longer than 4096 bytes']);
});
