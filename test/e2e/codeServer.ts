// code-server as the tests use it: install the packaged extension into a fresh extensions
// folder, start the server on a free loopback port in its own process group, and stop the
// whole group (extension host, language server, training worker) whatever happened.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeServerEntry } from './setup.mjs';

export interface CodeServerDirs {
  userDataDir: string;
  extensionsDir: string;
  /** code-server's own config file: keeps it from writing one into the home folder. */
  configFile: string;
}

/** Settings of the test user: the recipe's, plus everything that would pop up over the editor. */
const userSettings = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'extensions.ignoreRecommendations': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'editor.minimap.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.commandCenter.enabled': false,
  'editor.inlayHints.enabled': 'on',
  // VS Code for the web saves after a delay by default; desktop VS Code does not, and a file
  // saved at a moment that depends on timing would make the tests' edits leak into each other.
  'files.autoSave': 'off',
};

export function prepareDirs(root: string, extraSettings: Record<string, unknown> = {}): CodeServerDirs {
  const dirs = { userDataDir: join(root, 'user-data'), extensionsDir: join(root, 'extensions'), configFile: join(root, 'code-server.yaml') };
  mkdirSync(join(dirs.userDataDir, 'User'), { recursive: true });
  mkdirSync(dirs.extensionsDir, { recursive: true });
  writeFileSync(join(dirs.userDataDir, 'User', 'settings.json'), JSON.stringify({ ...userSettings, ...extraSettings }, null, 2));
  writeFileSync(dirs.configFile, 'auth: none\ncert: false\n');
  return dirs;
}

/** `--install-extension` (a bare folder dropped into the extensions dir is ignored by code-server). */
export function installExtension(vsix: string, dirs: CodeServerDirs): void {
  const result = spawnSync(
    process.execPath,
    [codeServerEntry, '--config', dirs.configFile, '--user-data-dir', dirs.userDataDir, '--extensions-dir', dirs.extensionsDir, '--install-extension', vsix, '--force'],
    { encoding: 'utf8', timeout: 120_000 },
  );
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== 0 || !/successfully installed/i.test(output)) {
    throw new Error(`code-server could not install ${vsix} (exit ${result.status ?? result.signal}):\n${output.trim()}`);
  }
}

export class CodeServer {
  private exited = false;

  private constructor(
    private readonly child: ChildProcess,
    /** Base URL, e.g. `http://127.0.0.1:41234/`. */
    readonly baseUrl: string,
  ) {
    child.once('exit', () => (this.exited = true));
  }

  /** Starts code-server on `folder`; resolves once it listens (port chosen by the OS: no race for a free port). */
  static async start(dirs: CodeServerDirs, folder: string, logFile: string, env: Record<string, string> = {}): Promise<CodeServer> {
    const child = spawn(
      process.execPath,
      [
        codeServerEntry,
        '--config', dirs.configFile,
        '--auth', 'none',
        '--bind-addr', '127.0.0.1:0',
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--user-data-dir', dirs.userDataDir,
        '--extensions-dir', dirs.extensionsDir,
        folder,
      ],
      {
        // Its own process group, so stop() reaches every process it spawns.
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        // An empty gallery: the workbench would otherwise query open-vsx.org for the installed extensions.
        env: { ...process.env, EXTENSIONS_GALLERY: '{}', ...env },
      },
    );
    killOnExit.add(child);
    child.once('exit', () => killOnExit.delete(child));
    const log = createWriteStream(logFile);
    let output = '';
    const baseUrl = await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        log.write(chunk);
        output += chunk.toString();
        const match = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
        if (match) resolve(match[1]);
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('error', (error) => reject(new Error(`could not start code-server: ${error.message}`)));
      child.once('exit', (code, signal) => reject(new Error(`code-server exited (${code ?? signal}) before listening:\n${output.trim()}`)));
      setTimeout(() => reject(new Error(`code-server did not listen within 60 s:\n${output.trim()}`)), 60_000).unref();
    }).catch((error: unknown) => {
      killGroup(child, 'SIGKILL');
      throw error;
    });
    return new CodeServer(child, baseUrl);
  }

  /** The process group of the server and everything it started (its pid: it leads the group). */
  get processGroup(): number {
    return this.child.pid!;
  }

  /** The workbench URL for a folder. */
  urlFor(folder: string): string {
    return `${this.baseUrl}?folder=${encodeURIComponent(folder)}`;
  }

  /** Stops the whole process group: SIGTERM, then SIGKILL if it has not gone within 10 s. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    killGroup(this.child, 'SIGTERM');
    const timer = setTimeout(() => killGroup(this.child, 'SIGKILL'), 10_000);
    await gone;
    clearTimeout(timer);
    // Children that outlived the server (e.g. a worker) still belong to the group.
    killGroup(this.child, 'SIGKILL');
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

/** Servers still running when the test process ends (a crash, Ctrl+C) are killed with it. */
const killOnExit = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of killOnExit) killGroup(child, 'SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const child of killOnExit) killGroup(child, 'SIGKILL');
    process.exit(130);
  });
}
