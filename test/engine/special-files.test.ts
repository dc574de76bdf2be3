// Special and endless files (issue 10): only regular files are read, checked before they are
// opened; an IDX file is bounded by its header and a .gz one inflates no further than that.
// Each case must end quickly with a sentence; a hang is caught by the bound on each await.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createGzip, gzipSync } from 'node:zlib';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { MAX_IDX_BYTES, readIdxImages, readIdxLabels } from '../../src/engine/data/idx';
import { EngineError } from '../../src/engine/errors';
import { loadSpec } from '../../src/engine/spec-file';
import { MAX_TEXT_BYTES, readRegularFile, readRegularFileSync, UnreadableFile } from '../../src/files/regular-file';
import { within } from '../support/poll';
import { idxImagesBytes, idxLabelsBytes, tempDir } from './idx-files';

async function refusal(promise: Promise<unknown>, ms = 5_000): Promise<Error> {
  const outcome = await within(ms, 'the refusal', promise.then(() => undefined, (error: unknown) => error as Error));
  assert.ok(outcome instanceof Error, 'refused');
  return outcome;
}

function fifo(dir: string, name = 'pipe'): string {
  const path = join(dir, name);
  execFileSync('mkfifo', [path]);
  return path;
}

describe('readRegularFile', () => {
  it('refuses a FIFO without opening it (no writer ever comes)', async () => {
    const path = fifo(tempDir());
    const error = await refusal(readRegularFile(path, MAX_TEXT_BYTES));
    assert.ok(error instanceof UnreadableFile);
    assert.equal(error.message, 'it is a named pipe (FIFO), not a regular file');
    assert.throws(() => readRegularFileSync(path, MAX_TEXT_BYTES), /^UnreadableFile: it is a named pipe \(FIFO\), not a regular file$/);
  });

  it('refuses /dev/zero and /dev/null, a folder, a missing file, and a file over the cap', async () => {
    assert.equal((await refusal(readRegularFile('/dev/zero', MAX_TEXT_BYTES))).message, 'it is a character device, not a regular file');
    assert.equal((await refusal(readRegularFile('/dev/null', MAX_TEXT_BYTES))).message, 'it is a character device, not a regular file');
    const dir = tempDir();
    assert.equal((await refusal(readRegularFile(dir, MAX_TEXT_BYTES))).message, 'it is a folder');
    assert.equal((await refusal(readRegularFile(join(dir, 'missing'), MAX_TEXT_BYTES))).message, 'no such file');
    writeFileSync(join(dir, 'big'), Buffer.alloc(2048));
    assert.equal((await refusal(readRegularFile(join(dir, 'big'), 1024))).message, 'it is 2.0 KiB, more than the 1.0 KiB allowed');
    assert.equal((await within(5_000, 'reading a regular file', readRegularFile(join(dir, 'big'), 2048))).length, 2048);
  });

  it('five FIFOs at once leave the thread pool free for a real file', async () => {
    const dir = tempDir();
    const pipes = Array.from({ length: 6 }, (_, i) => fifo(dir, `pipe${i}`));
    const refusals = await within(5_000, 'refusing the pipes', Promise.all(pipes.map((p) => readRegularFile(p, MAX_TEXT_BYTES).catch((e: Error) => e.message))));
    assert.deepEqual(new Set(refusals), new Set(['it is a named pipe (FIFO), not a regular file']));
    writeFileSync(join(dir, 'real.dnn'), 'model M {}\n');
    assert.equal((await within(5_000, 'reading a regular file after the pipes', readRegularFile(join(dir, 'real.dnn'), MAX_TEXT_BYTES))).toString(), 'model M {}\n');
  });
});

describe('data and model files that are not regular', () => {
  it('idx() on /dev/zero or a FIFO is refused at once as an unreadable input', async () => {
    for (const path of ['/dev/zero', fifo(tempDir())]) {
      const error = await refusal(readIdxImages(path));
      assert.ok(error instanceof EngineError);
      assert.equal(error.kind, 'input');
      assert.match(error.message, /^cannot read data file .*: it is a (character device|named pipe \(FIFO\)), not a regular file$/);
    }
  });

  it('a .dnn that is a FIFO is refused, not waited for', async () => {
    const error = await refusal(loadSpec(fifo(tempDir(), 'model.dnn')));
    assert.match(error.message, /^cannot read .*model\.dnn: it is a named pipe \(FIFO\), not a regular file$/);
  });

  it("/etc/passwd as images: the magic number expected, none of the file's bytes", async () => {
    const error = await refusal(readIdxLabels('/etc/passwd'));
    assert.equal(error.message, 'passwd: not an IDX file: expected the magic number 0x00000801 for labels, found one that is not an IDX magic number');
    assert.doesNotMatch(error.message, /726f6f74|root/);
  });
});

describe('sizes bounded by the IDX header', () => {
  it('a header describing more than MAX_IDX_BYTES is refused before anything is read', async () => {
    const path = join(tempDir(), 'huge-idx3-ubyte');
    const header = idxImagesBytes(0, 1, 1).slice(0, 16);
    new DataView(header.buffer).setUint32(4, 4_000_000_000);
    new DataView(header.buffer).setUint32(8, 28);
    new DataView(header.buffer).setUint32(12, 28);
    writeFileSync(path, header);
    const error = await refusal(readIdxImages(path));
    assert.equal(error.message, `huge-idx3-ubyte: the header says 4,000,000,000 images of 28x28 (2.9 TiB), more than the 2.0 GiB an IDX file may hold here`);
    assert.equal(MAX_IDX_BYTES, 2 ** 31);
  });

  it('a gzip bomb (2 labels in the header, 256 MiB of zeros after) stops inflating at the header\'s length', { timeout: 60_000 }, async () => {
    const path = join(tempDir(), 'bomb-labels.gz');
    const out = createWriteStream(path);
    const gzip = createGzip({ level: 9 });
    gzip.pipe(out);
    gzip.write(idxLabelsBytes([1, 2]));
    const zeros = Buffer.alloc(1 << 20);
    for (let i = 0; i < 256; i++) if (!gzip.write(zeros)) await once(gzip, 'drain');
    gzip.end();
    await once(out, 'close');
    const before = process.memoryUsage().rss;
    const error = await refusal(readIdxLabels(path), 30_000);
    assert.equal(error.message, 'bomb-labels.gz: inflates to more than the 10 bytes its IDX header describes; the file is corrupt');
    assert.ok(process.memoryUsage().rss - before < 128 * 1024 * 1024, 'far less than the 256 MiB it would inflate to');
  });

  it('a valid gzipped file still reads', async () => {
    const path = join(tempDir(), 'labels.gz');
    writeFileSync(path, gzipSync(idxLabelsBytes([3, 1, 4])));
    assert.deepEqual([...(await within(5_000, 'reading the gzip labels', readIdxLabels(path))).labels], [3, 1, 4]);
  });
});
