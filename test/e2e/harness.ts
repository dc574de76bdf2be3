// One end-to-end session: a fresh code-server on a temporary copy of the workspace, with
// either the packaged extension installed or the repo loaded as a development extension
// (to run the VS Code API suite), driven by Debian's Chromium through playwright-core.
// close() always tears everything down, also after a failed launch or a failed test.
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CodeServer, installExtension, prepareDirs } from './codeServer';
import { chromiumPath, isSetupCurrent } from './setup.mjs';
import { Steps } from './steps';
import { Workbench } from './workbench';
import { createWorkspace } from './workspace';

/** The recipe's Chromium flags: no sandbox as root, nothing that reaches the network. */
const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface LaunchOptions {
  /** Where screenshots and logs of this session go. */
  resultsDir: string;
  /** The packaged extension to install ... */
  vsix?: string;
  /**
   * ... or an extension folder to load as in an Extension Development Host, with a test
   * module whose run() the extension host calls (as @vscode/test-electron does). code-server
   * refuses these as command-line flags, but its workbench takes them from the URL's
   * `payload`, as VS Code for the web does for its development windows.
   */
  development?: { extensionPath: string; testsPath: string };
  /** Environment of code-server and so of the extension host. */
  env?: Record<string, string>;
  /** User settings on top of the harness defaults. */
  settings?: Record<string, unknown>;
}

export class VsCodeSession {
  private constructor(
    readonly page: Page,
    /** The folder open in VS Code (a temporary copy: tests may change and train in it). */
    readonly workspace: string,
    /** code-server's output: the extension host's start and exit are logged there. */
    readonly serverLog: string,
    readonly workbench: Workbench,
    readonly steps: Steps,
    /** Everything the workbench and its webviews wrote to the browser console. */
    readonly console: readonly string[],
    private readonly teardown: Teardown,
  ) {}

  static async launch(options: LaunchOptions): Promise<VsCodeSession> {
    if (!isSetupCurrent()) throw new Error('code-server is not installed: run `node test/e2e/setup.mjs` (or `npm run test:e2e`)');
    if (options.vsix && !existsSync(options.vsix)) throw new Error(`no packaged extension at ${options.vsix}: run \`npm run package\``);
    mkdirSync(options.resultsDir, { recursive: true });
    rmSync(join(options.resultsDir, 'logs'), { recursive: true, force: true });

    const teardown = new Teardown();
    try {
      const root = mkdtempSync(join(tmpdir(), 'dnn-e2e-'));
      teardown.add(() => rmSync(root, { recursive: true, force: true }));
      const workspace = join(root, 'workspace');
      createWorkspace(workspace);

      const dirs = prepareDirs(root, options.settings);
      if (options.vsix) installExtension(options.vsix, dirs);
      const serverLog = join(options.resultsDir, 'code-server.log');
      const server = await CodeServer.start(dirs, workspace, serverLog, options.env);
      // Runs before the temporary folder is removed: the extension host's logs are what a person reads after a failure.
      teardown.add(() => copyLogs(join(dirs.userDataDir, 'logs'), join(options.resultsDir, 'logs')));
      teardown.add(() => server.stop());

      const browser: Browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
      teardown.add(() => browser.close());
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      context.setDefaultTimeout(30_000);
      const page = await context.newPage();
      const console = recordConsole(page, join(options.resultsDir, 'browser-console.log'));

      await page.goto(workbenchUrl(server, workspace, options.development));
      const workbench = new Workbench(page);
      await workbench.waitUntilReady();
      return new VsCodeSession(page, workspace, serverLog, workbench, new Steps(page, options.resultsDir), console, teardown);
    } catch (error) {
      // The launch failure is the one to report; clean-up problems after it would hide it.
      await teardown.run().catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.teardown.run();
  }
}

function workbenchUrl(server: CodeServer, workspace: string, development: LaunchOptions['development']): string {
  const url = server.urlFor(workspace);
  if (!development) return url;
  // Paths on the server's side of the connection, as the workbench names them.
  const remote = (path: string) => `vscode-remote://${new URL(server.baseUrl).host}${path}`;
  const payload = [
    ['extensionDevelopmentPath', remote(development.extensionPath)],
    ['extensionTestsPath', remote(development.testsPath)],
  ];
  return `${url}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** Clean-up actions run in reverse order; one failing does not stop the others. */
class Teardown {
  private readonly actions: (() => unknown)[] = [];

  add(action: () => unknown): void {
    this.actions.push(action);
  }

  async run(): Promise<void> {
    const failures: unknown[] = [];
    while (this.actions.length > 0) {
      const action = this.actions.pop()!;
      try {
        await action();
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length > 0) throw new AggregateError(failures, 'tearing down the e2e session failed');
  }
}

function copyLogs(from: string, to: string): void {
  if (existsSync(from)) cpSync(from, to, { recursive: true });
}

/** The browser console of the workbench and its webviews: kept in memory and in a file. */
function recordConsole(page: Page, file: string): string[] {
  rmSync(file, { force: true });
  const lines: string[] = [];
  const record = (line: string) => {
    lines.push(line);
    appendFileSync(file, `${line}\n`);
  };
  page.on('console', (message) => record(`[${message.type()}] ${message.text()}`));
  page.on('pageerror', (error) => record(`[pageerror] ${error.message}`));
  return lines;
}
