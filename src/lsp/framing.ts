// Reading LSP messages from a byte stream (stdio), strictly. The library's reader skips a bad
// header and then waits, deaf, for a body that never comes (a Content-Length of "abc" or
// -5, a header without one, JSON with no header at all); here the first byte that cannot be
// part of a well-formed frame is an error, reported once, after which nothing more is read:
// the stream can no longer be trusted, so the server says why and exits, and the editor
// restarts it.
import type { Readable } from 'node:stream';
import { AbstractMessageReader, Disposable, type DataCallback, type Message } from 'vscode-languageserver/node';

/** The largest message body accepted: a document's text is capped at 64 MiB, JSON escapes can grow it. */
export const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;
/** The largest header block: the spec's two headers take under 100 bytes. */
const MAX_HEADER_BYTES = 4096;
const headerEnd = Buffer.from('\r\n\r\n');
// RFC 7230's token characters, which a header name is made of.
const headerName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const partialHeaderLine = /^[!#$%&'*+.^_`|~0-9A-Za-z-]*(:[^\r\n]*)?\r?$/;

export class FramingError extends Error {
  override name = 'FramingError';
}

export class StrictMessageReader extends AbstractMessageReader {
  /** What was read and not yet consumed: chunks, joined only once a whole body is there (a large document comes in many). */
  private chunks: Buffer[] = [];
  private pendingBytes = 0;
  private buffer: Buffer = Buffer.alloc(0);
  private bodyLength = -1;
  private broken = false;

  constructor(private readonly readable: Readable) {
    super();
  }

  listen(callback: DataCallback): Disposable {
    const onData = (chunk: Buffer): void => this.receive(chunk, callback);
    const onError = (error: Error): void => this.fireError(error);
    const onClose = (): void => this.fireClose();
    this.readable.on('data', onData);
    this.readable.on('error', onError);
    this.readable.on('close', onClose);
    return Disposable.create(() => {
      this.readable.off('data', onData);
      this.readable.off('error', onError);
      this.readable.off('close', onClose);
    });
  }

  private receive(chunk: Buffer, callback: DataCallback): void {
    if (this.broken) return;
    this.chunks.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.bodyLength >= 0 && this.pendingBytes < this.bodyLength) return;
    this.buffer = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
    try {
      for (;;) {
        if (this.bodyLength < 0 && !this.readHeader()) break;
        if (this.buffer.length < this.bodyLength) break;
        const body = this.buffer.subarray(0, this.bodyLength);
        this.buffer = this.buffer.subarray(this.bodyLength);
        this.bodyLength = -1;
        callback(parseBody(body));
      }
    } catch (error) {
      if (!(error instanceof FramingError)) throw error;
      this.broken = true;
      this.buffer = Buffer.alloc(0);
      this.fireError(error);
    }
    this.chunks = this.buffer.length > 0 ? [this.buffer] : [];
    this.pendingBytes = this.buffer.length;
  }

  /** Consumes a complete header block and sets the body's length; false while it is still incomplete. */
  private readHeader(): boolean {
    const end = this.buffer.indexOf(headerEnd);
    if (end < 0) {
      // An incomplete header must still look like one: JSON without a header fails at its first byte.
      const partial = this.buffer.subarray(0, MAX_HEADER_BYTES + 1).toString('latin1');
      const lastLine = partial.slice(partial.lastIndexOf('\n') + 1);
      if (this.buffer.length > MAX_HEADER_BYTES) throw new FramingError(`a message header longer than ${MAX_HEADER_BYTES} bytes`);
      for (const line of partial.split('\n').slice(0, -1)) checkHeaderLine(line.replace(/\r$/, ''));
      if (!partialHeaderLine.test(lastLine)) throw new FramingError(`a message header line that is not "Name: value": ${quote(lastLine)}`);
      return false;
    }
    const lines = this.buffer.subarray(0, end).toString('latin1').split('\r\n');
    this.buffer = this.buffer.subarray(end + headerEnd.length);
    let length: number | undefined;
    for (const line of lines) {
      const [name, value] = checkHeaderLine(line);
      if (name === 'content-length') length = contentLength(value);
      else if (name === 'content-type') checkContentType(value);
    }
    if (length === undefined) throw new FramingError('a message header without Content-Length');
    this.bodyLength = length;
    return true;
  }
}

function checkHeaderLine(line: string): [name: string, value: string] {
  const colon = line.indexOf(':');
  if (colon <= 0 || !headerName.test(line.slice(0, colon))) throw new FramingError(`a message header line that is not "Name: value": ${quote(line)}`);
  return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
}

function contentLength(value: string): number {
  const length = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(length)) throw new FramingError(`a Content-Length that is not a whole number of bytes: ${quote(value)}`);
  if (length > MAX_MESSAGE_BYTES) throw new FramingError(`a Content-Length of ${length} bytes, more than the ${MAX_MESSAGE_BYTES} allowed`);
  return length;
}

function checkContentType(value: string): void {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(value)?.[1].toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') throw new FramingError(`a Content-Type with charset ${quote(charset)}: only utf-8 is spoken`);
}

function parseBody(body: Buffer): Message {
  let message: unknown;
  try {
    message = JSON.parse(body.toString('utf8'));
  } catch {
    throw new FramingError(`a message body of ${body.length} bytes that is not JSON (a wrong Content-Length?)`);
  }
  if (message === null || typeof message !== 'object' || Array.isArray(message)) throw new FramingError('a message body that is not a JSON object');
  return message as Message;
}

/** A bounded, printable quote of what was read (it is logged, so never the whole stream). */
function quote(text: string): string {
  const shown = text.length > 60 ? `${text.slice(0, 60)}…` : text;
  return JSON.stringify(shown);
}
