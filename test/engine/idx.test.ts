// IDX parsing: real MNIST headers, and every way a file can be wrong gives a sentence
// naming the file and the problem.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { parseIdxImages, parseIdxLabels, readIdxImages, readIdxLabels } from '../../src/engine/data/idx';
import { mnistFiles } from '../../src/engine/data/mnist';
import { EngineError } from '../../src/engine/errors';
import { idxImagesBytes, idxLabelsBytes, tempDir } from './idx-files';

function rejects(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof EngineError, `expected an EngineError, got ${String(error)}`);
    assert.match(error.message, pattern);
    return true;
  });
}

describe('IDX files', () => {
  it('reads the real MNIST files: 60,000 + 10,000 images of 28x28 with labels 0-9', async () => {
    const files = mnistFiles();
    const train = await readIdxImages(files.trainImages);
    const labels = await readIdxLabels(files.trainLabels);
    const test = await readIdxImages(files.testImages);
    assert.deepEqual([train.count, train.rows, train.columns], [60000, 28, 28]);
    assert.equal(train.pixels.length, 60000 * 784);
    assert.equal(labels.count, 60000);
    assert.equal(test.count, 10000);
    assert.deepEqual([...labels.labels.subarray(0, 8)], [5, 0, 4, 1, 9, 2, 1, 3]);
    assert.ok(labels.labels.every((label) => label <= 9));
  });

  it('parses hand-made image and label bytes', () => {
    const pixels = Uint8Array.from({ length: 2 * 3 * 4 }, (_, i) => i);
    const images = parseIdxImages(idxImagesBytes(2, 3, 4, pixels), 'x');
    assert.deepEqual([images.count, images.rows, images.columns], [2, 3, 4]);
    assert.deepEqual([...images.pixels], [...pixels]);
    assert.deepEqual([...parseIdxLabels(idxLabelsBytes([7, 1, 0]), 'y').labels], [7, 1, 0]);
  });

  it('says a truncated file is truncated, with the sizes the header promises', () => {
    const bytes = idxImagesBytes(60000, 28, 28).subarray(0, 1000);
    rejects(
      () => parseIdxImages(bytes, 'train-images-idx3-ubyte'),
      /^train-images-idx3-ubyte: truncated: header says 60,000 images of 28x28 \(47,040,016 bytes\) but the file has 1,000 bytes$/,
    );
    rejects(() => parseIdxLabels(idxLabelsBytes([1, 2, 3]).subarray(0, 9), 'labels'), /labels: truncated: header says 3 labels \(11 bytes\) but the file has 9 bytes/);
    rejects(() => parseIdxImages(idxImagesBytes(1, 2, 2).subarray(0, 10), 'short'), /short: truncated: the header needs 16 bytes but the file has 10/);
  });

  it('refuses bytes beyond what the header describes', () => {
    const bytes = new Uint8Array(idxLabelsBytes([1, 2]).length + 5);
    bytes.set(idxLabelsBytes([1, 2]));
    rejects(() => parseIdxLabels(bytes, 'labels'), /labels: header says 2 labels \(10 bytes\) but the file has 15 bytes: 5 bytes too many/);
  });

  it('refuses a file that is not IDX at all', () => {
    rejects(() => parseIdxImages(new TextEncoder().encode('hello, world!!!!'), 'notes.txt'), /^notes\.txt: not an IDX file: expected the magic number 0x00000803 for images, found one that is not an IDX magic number$/);
    rejects(() => parseIdxLabels(new Uint8Array(2), 'tiny'), /tiny: not an IDX file: it has only 2 bytes/);
  });

  it('says when images and labels are swapped', () => {
    rejects(() => parseIdxImages(idxLabelsBytes([1, 2]), 't10k-labels-idx1-ubyte'), /expected IDX images \(magic 0x00000803, 3 dimensions\) but found magic 0x00000801 \(a label file\); are the images and labels files swapped\?/);
    rejects(() => parseIdxLabels(idxImagesBytes(1, 1, 1), 'imgs'), /expected IDX labels .* \(an image file\)/);
  });

  it('refuses data types other than unsigned bytes, naming the type', () => {
    const bytes = idxLabelsBytes([1]);
    bytes[2] = 0x0d;
    rejects(() => parseIdxLabels(bytes, 'floats'), /floats: IDX data type 0x0d \(float\) is not supported; only unsigned bytes \(0x08\) are/);
  });

  it('reads gzip-compressed files and reports a broken one', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'labels.gz'), gzipSync(idxLabelsBytes([3, 1, 4])));
    assert.deepEqual([...(await readIdxLabels(join(dir, 'labels.gz'))).labels], [3, 1, 4]);
    writeFileSync(join(dir, 'broken.gz'), gzipSync(idxLabelsBytes([3, 1, 4])).subarray(0, 12));
    await assert.rejects(readIdxLabels(join(dir, 'broken.gz')), /broken\.gz: not a valid gzip file/);
  });

  it('reports a missing file with its full path as unreadable input', async () => {
    const missing = join(tempDir(), 'nope-idx1-ubyte');
    await assert.rejects(readIdxLabels(missing), (error: unknown) => {
      assert.ok(error instanceof EngineError);
      assert.equal(error.kind, 'input');
      assert.equal(error.message, `cannot read data file ${missing}: no such file`);
      return true;
    });
  });
});
