// Finds files the engine ships with: the MNIST IDX files and the tfjs wasm binaries. They
// sit next to the bundle (dist/data/mnist, dist/wasm) in the packaged extension, and in
// node_modules when running from source, so we look upward from this module's folder.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The first `<ancestor>/<candidate>` (ancestors of `startDir`, nearest first) that contains
 * `probeFile`, or undefined.
 */
export function findUpward(startDir: string, candidates: readonly string[], probeFile: string): string | undefined {
  let dir = startDir;
  for (;;) {
    for (const candidate of candidates) {
      const folder = join(dir, candidate);
      if (existsSync(join(folder, probeFile))) return folder;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
