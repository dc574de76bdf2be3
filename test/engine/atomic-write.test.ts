// Run files are written to a temporary name and renamed (issue 10): a reader, or a crash in
// the middle, sees the old file or the new one, never half of either.
import assert from 'node:assert/strict';
import { linkSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { writeFileAtomic, writeFileAtomicSync } from '../../src/files/atomic-write';
import { writeMetrics, writeRunSpec } from '../../src/engine/runs';
import { writeRunLabel } from '../../src/engine/run-list';
import { tempDir } from './idx-files';

describe('writeFileAtomic', () => {
  it('replaces metrics.json by a rename: a hard link to the old file keeps the old text, no temporary file stays', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'metrics.json'), 'old\n');
    linkSync(join(dir, 'metrics.json'), join(dir, 'before.json'));
    await writeMetrics(dir, { model: 'M' } as never);
    // Written in place, the link would show the new text too.
    assert.equal(readFileSync(join(dir, 'before.json'), 'utf8'), 'old\n');
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8')), { model: 'M' });
    assert.deepEqual(readdirSync(dir).sort(), ['before.json', 'metrics.json']);
  });

  it('spec.json and label.txt go through it too', async () => {
    const dir = tempDir();
    for (const name of ['spec.json', 'label.txt']) {
      writeFileSync(join(dir, name), 'old');
      linkSync(join(dir, name), join(dir, `${name}.before`));
    }
    await writeRunSpec(dir, { name: 'M', layers: [] } as never);
    await writeRunLabel(dir, 'baseline');
    assert.equal(readFileSync(join(dir, 'spec.json.before'), 'utf8'), 'old');
    assert.equal(readFileSync(join(dir, 'label.txt.before'), 'utf8'), 'old');
    assert.equal(readFileSync(join(dir, 'label.txt'), 'utf8'), 'baseline\n');
  });

  it('a failed write leaves the old file whole and no temporary file behind', async () => {
    const dir = tempDir();
    const target = join(dir, 'weights.bin');
    writeFileSync(target, 'old');
    // A folder where the file should be: the rename fails after the bytes were written.
    const blocked = join(dir, 'blocked');
    mkdirSync(join(blocked, 'x'), { recursive: true });
    await assert.rejects(writeFileAtomic(blocked, new Uint8Array(8)), /EISDIR|ENOTEMPTY|EEXIST/);
    assert.throws(() => writeFileAtomicSync(blocked, 'x'), /EISDIR|ENOTEMPTY|EEXIST/);
    assert.deepEqual(readdirSync(dir).sort(), ['blocked', 'weights.bin']);
    assert.equal(readFileSync(target, 'utf8'), 'old');
  });
});
