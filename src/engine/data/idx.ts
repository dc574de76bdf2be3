// Reads IDX files (the MNIST format): a 4-byte magic number (two zero bytes, a data-type
// byte, the number of dimensions), one big-endian uint32 per dimension, then the values.
// Only unsigned-byte data is supported, which is what MNIST and Fashion-MNIST use.
// Every problem is reported as a sentence naming the file and what is wrong.
import { basename } from 'node:path';
import { createGunzip } from 'node:zlib';
import { readRegularFile } from '../../files/regular-file';
import { formatBytes } from '../../language/shapes';
import { EngineError, unreadableReason } from '../errors';

export interface IdxImages {
  count: number;
  rows: number;
  columns: number;
  /** count × rows × columns grey levels, row-major. */
  pixels: Uint8Array;
}

export interface IdxLabels {
  count: number;
  labels: Uint8Array;
}

/** The four files of an IDX data set (paths or bare file names). */
export interface IdxFiles {
  trainImages: string;
  trainLabels: string;
  testImages: string;
  testLabels: string;
}

/** The same four files with `locate` applied to each (e.g. joined to a folder). */
export function mapIdxFiles(files: IdxFiles, locate: (file: string) => string): IdxFiles {
  return {
    trainImages: locate(files.trainImages),
    trainLabels: locate(files.trainLabels),
    testImages: locate(files.testImages),
    testLabels: locate(files.testLabels),
  };
}

const UNSIGNED_BYTE = 0x08;
const IMAGE_MAGIC = 0x00000803;
const LABEL_MAGIC = 0x00000801;
const DATA_TYPE_NAMES: Record<number, string> = { 0x08: 'unsigned byte', 0x09: 'signed byte', 0x0b: 'short', 0x0c: 'int', 0x0d: 'float', 0x0e: 'double' };

/**
 * The most an IDX file may hold (2 GiB, 40 times MNIST's training images): the header's sizes
 * are checked against it before anything is allocated, and a .gz file is inflated no further
 * than its header says (a gzip bomb stops there).
 */
export const MAX_IDX_BYTES = 2 * 1024 * 1024 * 1024;

const formatCount = (n: number) => n.toLocaleString('en-US');
const hex = (n: number) => `0x${n.toString(16).padStart(8, '0')}`;

/** Parses the bytes of an IDX image file (magic 0x00000803). `name` is used in messages. */
export function parseIdxImages(bytes: Uint8Array, name: string): IdxImages {
  const dims = readHeader(bytes, name, 'images');
  const [count, rows, columns] = dims;
  checkLength(bytes, name, 4 + 4 * dims.length, count * rows * columns, `${formatCount(count)} images of ${rows}x${columns}`);
  const start = 4 + 4 * dims.length;
  return { count, rows, columns, pixels: bytes.subarray(start, start + count * rows * columns) };
}

/** Parses the bytes of an IDX label file (magic 0x00000801). `name` is used in messages. */
export function parseIdxLabels(bytes: Uint8Array, name: string): IdxLabels {
  const dims = readHeader(bytes, name, 'labels');
  const [count] = dims;
  checkLength(bytes, name, 8, count, `${formatCount(count)} labels`);
  return { count, labels: bytes.subarray(8, 8 + count) };
}

/** Reads an IDX image file from disk (gzip-compressed when it ends in `.gz` or starts with the gzip magic). */
export async function readIdxImages(path: string): Promise<IdxImages> {
  return parseIdxImages(await readIdxBytes(path, 'images'), basename(path));
}

/** Reads an IDX label file from disk (optionally gzip-compressed). */
export async function readIdxLabels(path: string): Promise<IdxLabels> {
  return parseIdxLabels(await readIdxBytes(path, 'labels'), basename(path));
}

/** A regular file only (never a FIFO or device), of at most MAX_IDX_BYTES, inflated when gzipped. */
async function readIdxBytes(path: string, kind: 'images' | 'labels'): Promise<Uint8Array> {
  let raw: Buffer;
  try {
    raw = await readRegularFile(path, MAX_IDX_BYTES);
  } catch (error) {
    throw new EngineError(`cannot read data file ${path}: ${unreadableReason(error)}`, 'input');
  }
  const gzipped = path.endsWith('.gz') || (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b);
  if (!gzipped) {
    if (raw.length >= headerLengthOf(kind)) expectedLength(raw, basename(path), kind);
    return raw;
  }
  return gunzipBounded(raw, basename(path), kind);
}

/** Inflates until the header is known, then no further than the length it describes. */
function gunzipBounded(raw: Buffer, name: string, kind: 'images' | 'labels'): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const gunzip = createGunzip();
    const chunks: Buffer[] = [];
    let length = 0;
    let limit: number | undefined;
    const fail = (error: Error) => {
      gunzip.destroy();
      reject(error);
    };
    gunzip.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      length += chunk.length;
      try {
        if (limit === undefined && length >= headerLengthOf(kind)) limit = expectedLength(Buffer.concat(chunks), name, kind);
      } catch (error) {
        fail(error as Error);
        return;
      }
      if (length > (limit ?? MAX_IDX_BYTES)) {
        fail(new EngineError(`${name}: inflates to more than the ${formatBytes(limit ?? MAX_IDX_BYTES)} its IDX header describes; the file is corrupt`));
      }
    });
    gunzip.on('end', () => resolve(Buffer.concat(chunks, length)));
    gunzip.on('error', (error) => reject(new EngineError(`${name}: not a valid gzip file (${error.message})`)));
    gunzip.end(raw);
  });
}

function headerLengthOf(kind: 'images' | 'labels'): number {
  return kind === 'images' ? 16 : 8;
}

/** The file length the header describes; refused past MAX_IDX_BYTES. */
function expectedLength(bytes: Uint8Array, name: string, kind: 'images' | 'labels'): number {
  const dims = readHeader(bytes, name, kind);
  const values = dims.reduce((product, d) => product * d, 1);
  const length = headerLengthOf(kind) + values;
  if (length > MAX_IDX_BYTES) {
    const what = kind === 'images' ? `${formatCount(dims[0])} images of ${dims[1]}x${dims[2]}` : `${formatCount(dims[0])} labels`;
    throw new EngineError(`${name}: the header says ${what} (${formatBytes(length)}), more than the ${formatBytes(MAX_IDX_BYTES)} an IDX file may hold here`);
  }
  return length;
}

function readHeader(bytes: Uint8Array, name: string, expected: 'images' | 'labels'): number[] {
  const magicExpected = expected === 'images' ? IMAGE_MAGIC : LABEL_MAGIC;
  const rank = expected === 'images' ? 3 : 1;
  if (bytes.length < 4) {
    throw new EngineError(`${name}: not an IDX file: it has only ${bytes.length} bytes (an IDX file starts with a 4-byte magic number)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  // The file's own bytes are never echoed (it may be any file: /etc/passwd starts with "root").
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new EngineError(`${name}: not an IDX file: expected the magic number ${hex(magicExpected)} for ${expected}, found one that is not an IDX magic number`);
  }
  const dataType = bytes[2];
  if (dataType !== UNSIGNED_BYTE) {
    const typeName = DATA_TYPE_NAMES[dataType] ?? 'an unknown type';
    throw new EngineError(`${name}: IDX data type 0x${dataType.toString(16).padStart(2, '0')} (${typeName}) is not supported; only unsigned bytes (0x08) are`);
  }
  if (magic !== magicExpected) {
    const found = magic === IMAGE_MAGIC ? ' (an image file)' : magic === LABEL_MAGIC ? ' (a label file)' : '';
    const hint = found ? '; are the images and labels files swapped?' : '';
    throw new EngineError(`${name}: expected IDX ${expected} (magic ${hex(magicExpected)}, ${rank} dimension${rank > 1 ? 's' : ''}) but found magic ${hex(magic)}${found}${hint}`);
  }
  const headerLength = 4 + 4 * rank;
  if (bytes.length < headerLength) {
    throw new EngineError(`${name}: truncated: the header needs ${headerLength} bytes but the file has ${formatCount(bytes.length)}`);
  }
  const dims: number[] = [];
  for (let i = 0; i < rank; i++) dims.push(view.getUint32(4 + 4 * i));
  if (expected === 'images' && (dims[1] === 0 || dims[2] === 0)) {
    throw new EngineError(`${name}: the header says the images are ${dims[1]}x${dims[2]} pixels`);
  }
  return dims;
}

function checkLength(bytes: Uint8Array, name: string, headerLength: number, valueCount: number, what: string): void {
  const expectedLength = headerLength + valueCount;
  if (bytes.length < expectedLength) {
    throw new EngineError(`${name}: truncated: header says ${what} (${formatCount(expectedLength)} bytes) but the file has ${formatCount(bytes.length)} bytes`);
  }
  if (bytes.length > expectedLength) {
    throw new EngineError(`${name}: header says ${what} (${formatCount(expectedLength)} bytes) but the file has ${formatCount(bytes.length)} bytes: ${formatCount(bytes.length - expectedLength)} bytes too many`);
  }
}
