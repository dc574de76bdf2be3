// Folders to write in (issue 10): `--out` on procfs or sysfs made Node's recursive mkdir spin
// at 100% CPU forever. Every writer refuses such a folder at once (exit 2, the reason, nothing
// created); a symbolic link into /proc is seen through. Each run is bounded by its timeout.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { dnnWithin, ensureBuilt } from './cli-process';
import { tempDir } from './idx-files';
import { mlpText, writeSpec } from './specs';

before(() => ensureBuilt());
const dir = tempDir('dnn-write-folders-');
after(() => rmSync(dir, { recursive: true, force: true }));
const specFile = writeSpec(dir, mlpText({ epochs: 1 }));
const refusal = (what: string, fileSystem: string, existing?: string) =>
  `${what}: it is on ${fileSystem}${existing ? ` (${existing})` : ''}, a kernel file system that holds no files: choose a folder on a disk\n`;

describe('writers refuse folders on kernel file systems', () => {
  it('dnn train --out /proc/self: exit 2 with the reason, before any training (the instance of the issue)', () => {
    const run = dnnWithin(30_000, ['train', specFile, '--out', '/proc/self']);
    assert.equal(run.status, 2);
    assert.equal(run.stderr, refusal('dnn train: cannot keep runs in /proc/self', 'procfs'));
    assert.equal(run.stdout, '');
  });

  it('dnn train --out under /sys, not yet existing: refused by the part that exists', () => {
    const run = dnnWithin(30_000, ['train', specFile, '--out', '/sys/kernel/dnn-runs/x']);
    assert.equal(run.status, 2);
    assert.equal(run.stderr, refusal('dnn train: cannot keep runs in /sys/kernel/dnn-runs/x', 'sysfs', '/sys/kernel'));
  });

  it('a symbolic link into /proc is resolved and refused; nothing is created beside it', () => {
    const link = join(dir, 'runs-link');
    symlinkSync('/proc/self', link);
    const run = dnnWithin(30_000, ['train', specFile, '--out', join(link, 'runs')]);
    assert.equal(run.status, 2);
    assert.equal(run.stderr, refusal(`dnn train: cannot keep runs in ${join(link, 'runs')}`, 'procfs', link));
    assert.deepEqual(readdirSync(dir).sort(), ['model.dnn', 'runs-link']);
  });

  it('dnn export --out on procfs: exit 2, no file written', () => {
    const run = dnnWithin(60_000, ['export', specFile, '--format', 'onnx', '--untrained', '--out', '/proc/self/model.onnx']);
    assert.equal(run.status, 2);
    assert.equal(run.stderr, refusal('dnn export: cannot write the onnx export to /proc/self/model.onnx', 'procfs', '/proc/self'));
    assert.equal(existsSync(join(dir, '.dnn')), false);
  });
});
