// One end-to-end session: a fresh code-server with the packaged extension installed, on a
// temporary copy of the workspace, driven by Debian's Chromium through playwright-core.
// close() always tears everything down, also after a failed launch or a failed test.
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CodeServer, installExtension, prepareDirs } from './codeServer';
import { resultsDir } from './paths';
import { chromiumPath, isSetupCurrent } from './setup.mjs';
import { Steps } from './steps';
import { Workbench } from './workbench';
import { createWorkspace } from './workspace';

/** The recipe's Chromium flags: no sandbox as root, nothing that reaches the network. */
const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface LaunchOptions {
  /** The packaged extension to install. */
  vsix: string;
  /** User settings on top of the harness defaults. */
  settings?: Record<string, unknown>;
}

export class VsCodeSession {
  private constructor(
    readonly page: Page,
    /** The folder open in VS Code (a temporary copy: tests may change and train in it). */
    readonly workspace: string,
    readonly workbench: Workbench,
    readonly steps: Steps,
    private readonly teardown: Teardown,
  ) {}

  static async launch(options: LaunchOptions): Promise<VsCodeSession> {
    if (!isSetupCurrent()) throw new Error('code-server is not installed: run `node test/e2e/setup.mjs` (or `npm run test:e2e`)');
    if (!existsSync(options.vsix)) throw new Error(`no packaged extension at ${options.vsix}: run \`npm run package\``);
    rmSync(resultsDir, { recursive: true, force: true });
    mkdirSync(resultsDir, { recursive: true });

    const teardown = new Teardown();
    try {
      const root = mkdtempSync(join(tmpdir(), 'dnn-e2e-'));
      teardown.add(() => rmSync(root, { recursive: true, force: true }));
      const workspace = join(root, 'workspace');
      createWorkspace(workspace);

      const dirs = prepareDirs(root, options.settings);
      installExtension(options.vsix, dirs);
      const server = await CodeServer.start(dirs, workspace, join(resultsDir, 'code-server.log'));
      // Runs before the temporary folder is removed: the extension host's logs are what a person reads after a failure.
      teardown.add(() => copyLogs(join(dirs.userDataDir, 'logs')));
      teardown.add(() => server.stop());

      const browser: Browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
      teardown.add(() => browser.close());
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      context.setDefaultTimeout(30_000);
      const page = await context.newPage();
      recordConsole(page);

      await page.goto(server.urlFor(workspace));
      const workbench = new Workbench(page);
      await workbench.waitUntilReady();
      return new VsCodeSession(page, workspace, workbench, new Steps(page), teardown);
    } catch (error) {
      await teardown.run();
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.teardown.run();
  }
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

function copyLogs(logsDir: string): void {
  if (existsSync(logsDir)) cpSync(logsDir, join(resultsDir, 'logs'), { recursive: true });
}

/** The browser console of the workbench and its webviews, in test-results/e2e/browser-console.log. */
function recordConsole(page: Page): void {
  const file = join(resultsDir, 'browser-console.log');
  page.on('console', (message) => appendFileSync(file, `[${message.type()}] ${message.text()}\n`));
  page.on('pageerror', (error) => appendFileSync(file, `[pageerror] ${error.message}\n`));
}
