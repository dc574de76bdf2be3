// The process tests run the bundles in dist/, as users do. They are (re)built here when
// missing or older than the sources, so `node scripts/test.mjs test/lsp` works on its own.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const root = join(import.meta.dirname, '..', '..');
export const serverBin = join(root, 'bin', 'dnn-language-server.js');
export const cliBin = join(root, 'bin', 'dnn.js');

const bundles = ['dist/server/server.js', 'dist/cli/dnn.js'].map((file) => join(root, file));

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export function ensureBuilt(): void {
  const sources = newestMtime(join(root, 'src'));
  if (bundles.every((bundle) => existsSync(bundle) && statSync(bundle).mtimeMs >= sources)) return;
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stderr}`);
}
