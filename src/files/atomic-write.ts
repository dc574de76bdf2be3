// Writing a file so that a reader (or a crash) never sees half of it: the bytes go to a
// temporary name in the same folder (same file system, so the rename is atomic), are flushed
// to disk, and only then take the real name. Every run file and export goes through here.
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

let counter = 0;

/** `.metrics.json.1234-5.tmp` beside `metrics.json`: hidden, and unique per process and write. */
function temporaryName(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}-${++counter}.tmp`);
}

/** Replaces (or creates) `path` with `data` atomically. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temporary = temporaryName(path);
  try {
    const handle = await open(temporary, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** writeFileAtomic for synchronous callers. */
export function writeFileAtomicSync(path: string, data: string | Uint8Array): void {
  const temporary = temporaryName(path);
  try {
    const fd = openSync(temporary, 'wx');
    try {
      const bytes = typeof data === 'string' ? Buffer.from(data) : data;
      for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written, bytes.length - written);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
