// Reading a file the user named, safely: only a regular file (a FIFO would block a thread
// forever, /dev/zero never ends), checked with stat before it is opened, and never more
// than a cap. Shared by the CLI, the engine and the language server.
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { formatBytes } from '../language/shapes';

/** Why a file was not read, in words; `code` is the system's (ENOENT, ...) or NOT_REGULAR/TOO_LARGE. */
export class UnreadableFile extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
    readonly code: string,
  ) {
    super(reason);
    this.name = 'UnreadableFile';
  }
}

/** The 64 MiB cap for text files (.dnn, JSON): a real one is a few kilobytes. */
export const MAX_TEXT_BYTES = 64 * 1024 * 1024;

// Never block on open: a FIFO or device that slips past the stat (a race) fails the fstat check instead.
const READ_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK;

/** The bytes of a regular file of at most `maxBytes`, or an UnreadableFile saying why not. */
export async function readRegularFile(path: string, maxBytes: number): Promise<Buffer> {
  checkRegular(path, await stat(path).catch((error: unknown) => unreadable(path, error)), maxBytes);
  const handle = await open(path, READ_FLAGS).catch((error: unknown) => unreadable(path, error));
  try {
    const size = checkRegular(path, await handle.stat(), maxBytes);
    // One byte more than the size shows a file that grows while it is read.
    const buffer = Buffer.alloc(Math.min(size + 1, maxBytes + 1));
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length === buffer.length) break;
    }
    if (length > maxBytes) throw tooLarge(path, length, maxBytes);
    return buffer.subarray(0, length);
  } finally {
    await handle.close();
  }
}

/** readRegularFile for the synchronous CLI. */
export function readRegularFileSync(path: string, maxBytes: number): Buffer {
  let fd: number;
  try {
    checkRegular(path, statSync(path), maxBytes);
    fd = openSync(path, READ_FLAGS);
  } catch (error) {
    return unreadable(path, error);
  }
  try {
    const size = checkRegular(path, fstatSync(fd), maxBytes);
    const buffer = Buffer.alloc(Math.min(size + 1, maxBytes + 1));
    let length = 0;
    for (;;) {
      const bytesRead = readSync(fd, buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length === buffer.length) break;
    }
    if (length > maxBytes) throw tooLarge(path, length, maxBytes);
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

/** The size of a regular file; throws for anything else (a folder, FIFO, device, socket) or one over `maxBytes`. */
function checkRegular(path: string, stats: Stats, maxBytes: number): number {
  if (stats.isDirectory()) throw new UnreadableFile(path, 'it is a folder', 'EISDIR');
  if (!stats.isFile()) throw new UnreadableFile(path, `it is ${kindOf(stats)}, not a regular file`, 'NOT_REGULAR');
  if (stats.size > maxBytes) throw tooLarge(path, stats.size, maxBytes);
  return stats.size;
}

function kindOf(stats: Stats): string {
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a plain file';
}

function tooLarge(path: string, size: number, maxBytes: number): UnreadableFile {
  return new UnreadableFile(path, `it is ${formatBytes(size)}, more than the ${formatBytes(maxBytes)} allowed`, 'TOO_LARGE');
}

function unreadable(path: string, error: unknown): never {
  if (error instanceof UnreadableFile) throw error;
  const code = String((error as NodeJS.ErrnoException).code ?? 'EIO');
  const reasons: Record<string, string> = { ENOENT: 'no such file', EISDIR: 'it is a folder', EACCES: 'permission denied', EPERM: 'permission denied', ENOTDIR: 'a part of the path is not a folder', ELOOP: 'too many symbolic links' };
  throw new UnreadableFile(path, reasons[code] ?? (error instanceof Error ? error.message : code), code);
}
