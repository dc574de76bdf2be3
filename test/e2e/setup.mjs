// Installs code-server 4.100.3 (VS Code in the browser, with the normal Node extension
// host) and Debian's Chromium for the end-to-end tests, following the recipe verified on
// this kind of machine (issue 4). Idempotent and cached: when the stamp file names the
// current recipe and Node ABI, and the key files are present, it returns at once.
//
// Usage: node test/e2e/setup.mjs [--force]
// Exit code 0 when code-server and Chromium are ready; 1 with a plain message otherwise.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, lstatSync, writeFileSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CODE_SERVER_VERSION = '4.100.3';
// Bump when any step below changes, so cached installs are redone.
const RECIPE_REVISION = 1;
const APT_PACKAGES = ['chromium', 'libkrb5-dev', 'ripgrep'];
const VSCODE_NATIVE_MODULES = ['kerberos', '@vscode/spdlog', 'native-watchdog', 'node-pty', '@vscode/deviceid'];

const here = dirname(fileURLToPath(import.meta.url));
const serverDir = join(here, '.server');
const codeServerDir = join(serverDir, 'node_modules', 'code-server');
const vscodeDir = join(codeServerDir, 'lib', 'vscode');
export const codeServerEntry = join(codeServerDir, 'out', 'node', 'entry.js');
export const chromiumPath = '/usr/bin/chromium';
const stampFile = join(serverDir, '.stamp');
const lockDir = join(serverDir, '.lock');

/** What the stamp must say: the recipe and the Node ABI the native modules were built for. */
const expectedStamp = `code-server@${CODE_SERVER_VERSION} recipe ${RECIPE_REVISION} node-abi ${process.versions.modules}\n`;

/** Native add-ons that must exist after the rebuilds (their exit codes are not trusted: node-pty's post-step fails after building). */
const requiredNativeFiles = [
  join(vscodeDir, 'node_modules/kerberos/build/Release/kerberos.node'),
  join(vscodeDir, 'node_modules/@vscode/spdlog/build/Release/spdlog.node'),
  join(vscodeDir, 'node_modules/native-watchdog/build/Release/watchdog.node'),
  join(vscodeDir, 'node_modules/node-pty/build/Release/pty.node'),
  join(vscodeDir, 'node_modules/@vscode/deviceid/build/Release/windows.node'),
];

class SetupError extends Error {}

/** True when everything is installed for the current recipe. */
export function isSetupCurrent() {
  return (
    existsSync(stampFile) &&
    readFileSync(stampFile, 'utf8') === expectedStamp &&
    existsSync(codeServerEntry) &&
    existsSync(chromiumPath) &&
    missingAptPackages().length === 0
  );
}

function log(message) {
  console.log(`[e2e setup] ${message}`);
}

/**
 * `npm run test:e2e` passes its script context down (the repo as local prefix, package and
 * lifecycle variables); the nested installs must not see it, so they stay in their own
 * folder. The user's npm settings (cache, registry, nodedir) are kept.
 */
function cleanNpmEnv() {
  const scriptContext = /^npm_(package_|lifecycle_|command$|config_local_prefix$)/i;
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !scriptContext.test(key)));
}

function run(command, args, cwd, { allowFailure = false } = {}) {
  log(`$ ${command} ${args.join(' ')}   (in ${cwd})`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd, stdio: 'inherit', env: cleanNpmEnv() });
  log(`  exit ${result.status} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (result.error) throw new SetupError(`could not run ${command}: ${result.error.message}`);
  if (result.status !== 0 && !allowFailure) {
    throw new SetupError(`\`${command} ${args.join(' ')}\` failed with exit code ${result.status} (in ${cwd})`);
  }
  return result.status;
}

function missingAptPackages() {
  return APT_PACKAGES.filter((pkg) => {
    const query = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
    return query.status !== 0 || !query.stdout.includes('install ok installed');
  });
}

function installAptPackages() {
  const missing = missingAptPackages();
  if (missing.length === 0) {
    log(`apt packages present: ${APT_PACKAGES.join(', ')}`);
    return;
  }
  if (process.getuid?.() !== 0) {
    throw new SetupError(`missing Debian packages ${missing.join(', ')}: run as root, or install them with \`apt-get install -y ${missing.join(' ')}\``);
  }
  const env = { ...cleanNpmEnv(), DEBIAN_FRONTEND: 'noninteractive' };
  log(`installing apt packages: ${missing.join(', ')}`);
  for (const args of [['update'], ['install', '-y', ...missing]]) {
    log(`$ apt-get ${args.join(' ')}`);
    const result = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (result.status !== 0) throw new SetupError(`apt-get ${args[0]} failed with exit code ${result.status}`);
  }
}

function installCodeServer() {
  mkdirSync(serverDir, { recursive: true });
  // A package.json of its own keeps npm from walking up to the repo's package.json.
  writeFileSync(
    join(serverDir, 'package.json'),
    JSON.stringify({ name: 'dnn-e2e-code-server', private: true, dependencies: { 'code-server': CODE_SERVER_VERSION } }, null, 2) + '\n',
  );
  run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`], serverDir);
  run('npm', ['rebuild', 'argon2'], serverDir);
  // argon2 lands wherever npm hoists it: ask Node to load it the way code-server will.
  const argon2 = spawnSync(process.execPath, ['-e', "require('argon2')"], { cwd: codeServerDir, encoding: 'utf8' });
  if (argon2.status !== 0) throw new SetupError(`argon2 was not built: ${argon2.stderr.trim().split('\n').pop()}`);

  run('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], vscodeDir);
  // node-pty's own post-install step fails after pty.node is built: the files are checked below instead.
  run('npm', ['rebuild', ...VSCODE_NATIVE_MODULES], vscodeDir, { allowFailure: true });

  // code-server's postinstall would download ripgrep from the internet: use Debian's.
  const rgDir = join(vscodeDir, 'node_modules/@vscode/ripgrep/bin');
  mkdirSync(rgDir, { recursive: true });
  replaceSymlink('/usr/bin/rg', join(rgDir, 'rg'));
  replaceSymlink('node_modules', join(vscodeDir, 'node_modules.asar'));

  const missing = requiredNativeFiles.filter((f) => !existsSync(f));
  if (missing.length > 0) {
    throw new SetupError(`native modules were not built:\n  ${missing.join('\n  ')}\n(see the npm rebuild output above)`);
  }
}

function replaceSymlink(target, path) {
  if (existsSync(path) || isSymlink(path)) unlinkSync(path);
  symlinkSync(target, path);
}

function isSymlink(path) {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Two `npm run test:e2e` at once must not install over each other. */
function withLock(action) {
  mkdirSync(serverDir, { recursive: true });
  try {
    mkdirSync(lockDir);
  } catch {
    const owner = existsSync(join(lockDir, 'pid')) ? readFileSync(join(lockDir, 'pid'), 'utf8').trim() : '?';
    if (owner !== '?' && isAlive(Number(owner))) {
      throw new SetupError(`another setup (pid ${owner}) is installing into ${serverDir}; run again when it is done`);
    }
    log(`removing a stale lock left by pid ${owner}`);
    rmSync(lockDir, { recursive: true, force: true });
    mkdirSync(lockDir);
  }
  writeFileSync(join(lockDir, 'pid'), String(process.pid));
  try {
    return action();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Installs what is missing; returns the seconds it took. */
export function setup({ force = false } = {}) {
  const started = Date.now();
  if (!force && isSetupCurrent()) {
    log(`code-server ${CODE_SERVER_VERSION} and Chromium are installed (cached)`);
    return 0;
  }
  withLock(() => {
    rmSync(stampFile, { force: true });
    installAptPackages();
    installCodeServer();
    writeFileSync(stampFile, expectedStamp);
  });
  const seconds = (Date.now() - started) / 1000;
  log(`done in ${seconds.toFixed(1)} s`);
  return seconds;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    setup({ force: process.argv.includes('--force') });
  } catch (error) {
    if (!(error instanceof SetupError)) throw error;
    console.error(`[e2e setup] failed: ${error.message}`);
    process.exit(1);
  }
}
