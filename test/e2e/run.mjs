// `npm run test:e2e`: installs code-server and Chromium if needed (cached), packages the
// extension when dnn.vsix is missing or older than what goes into it (unless DNN_E2E_VSIX
// names the build to test), then runs the end-to-end tests through scripts/test.mjs (which
// prints the `N passed, N failed, N skipped` line). With --prepare-only it stops before the tests.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setup } from './setup.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const vsix = join(root, 'dnn.vsix');
/** Everything the packaged extension is made from. */
const packageSources = ['package.json', 'language-configuration.json', '.vscodeignore', 'client', 'src', 'media', 'syntaxes', 'snippets', 'scripts/build.mjs'];

function newestChange(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, entry) => Math.max(newest, newestChange(join(path, entry))), stat.mtimeMs);
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

const started = Date.now();
try {
  setup();
} catch (error) {
  console.error(`[e2e] setup failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

const sourcesChanged = Math.max(...packageSources.map((p) => newestChange(join(root, p))));
// DNN_E2E_VSIX names another build to test: then nothing is packaged here.
// A failed `vsce package` leaves an empty file behind: that is no package.
if (!process.env.DNN_E2E_VSIX && (!existsSync(vsix) || statSync(vsix).size === 0 || statSync(vsix).mtimeMs < sourcesChanged)) {
  console.log('[e2e] dnn.vsix is missing or older than its sources: npm run package');
  if (run('npm', ['run', 'package']) !== 0) {
    console.error('[e2e] packaging the extension failed');
    process.exit(1);
  }
}

// Screenshots and logs of this run only.
rmSync(join(root, 'test-results', 'e2e'), { recursive: true, force: true });
// `npm test` prepares here and then runs every suite, e2e included, in one test run with one summary.
if (process.argv.includes('--prepare-only')) process.exit(0);
const status = run(process.execPath, [join(root, 'scripts', 'test.mjs'), join('test', 'e2e')]);
console.log(`[e2e] finished in ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(status);
