// Runs the real webviews (dist/media/panel.js, or compare.js, + media/panel.css) in headless Chromium,
// outside VS Code: a small HTTP server gives the panel's HTML (with its CSP) and its files, and
// an init script stands in for VS Code's webview API (acquireVsCodeApi). Used by the browser
// test and by the screenshot script. Needs `npm run build` and /usr/bin/chromium.
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createNonce, panelHtml } from '../../client/src/panel/html';
import type { PanelState } from '../../client/src/panel/messages';

const root = join(__dirname, '..', '..');
const CHROMIUM = '/usr/bin/chromium';

export type Theme = 'dark' | 'light';
/** The webview's script: dist/media/<bundle>.js. */
export type WebviewBundle = 'panel' | 'compare';

/** What the page may load: the same roots as the panel's localResourceRoots, plus the theme fixtures. */
const SERVED: Record<string, string> = {
  '/dist/media/': join(root, 'dist', 'media'),
  '/media/': join(root, 'media'),
  '/theme/': join(__dirname, 'fixtures'),
};

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' };

export interface PanelHarness {
  origin: string;
  /**
   * Opens the results panel, or with `bundle: 'compare'` the comparison panel. `hostState`
   * (results) or `hostMessage` (any message) answers the webview's `ready`; `savedState` is
   * what getState returns (a restored webview).
   */
  open(options: { bundle?: WebviewBundle; hostState?: PanelState; hostMessage?: unknown; savedState?: unknown; theme?: Theme; width?: number; host?: PanelHost }): Promise<PanelPage>;
  close(): Promise<void>;
}

/** Stands in for the extension host: gets every message the webview posts, and a way to answer. */
export type PanelHost = (message: unknown, reply: (message: unknown) => Promise<void>) => void;

export interface PanelPage {
  page: Page;
  /** Messages the webview posted to the host so far. */
  posted(): Promise<unknown[]>;
  /** What the webview last gave to setState. */
  savedState(): Promise<unknown>;
  /** Sends a host message, as `panel.webview.postMessage` does. */
  send(message: unknown): Promise<void>;
  /** Console messages about Content-Security-Policy violations and uncaught page errors. */
  problems: string[];
}

export async function startPanelHarness(): Promise<PanelHarness> {
  if (!existsSync(join(root, 'dist', 'media', 'panel.js'))) throw new Error('dist/media/panel.js is missing: run `npm run build` first');
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);

  let theme: Theme = 'dark';
  let bundle: WebviewBundle = 'panel';
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    if (path === '/') {
      const html = panelHtml({ cspSource: origin, scriptUri: `${origin}/dist/media/${bundle}.js`, styleUri: `${origin}/media/panel.css`, nonce: createNonce(), title: 'DNN: panel' })
        // VS Code puts the theme variables on <html> itself; here a stylesheet from the same origin does it.
        .replace('</head>', `<link rel="stylesheet" href="${origin}/theme/theme-${theme}.css">\n</head>`);
      response.writeHead(200, { 'content-type': 'text/html' }).end(html);
      return;
    }
    const prefix = Object.keys(SERVED).find((p) => path.startsWith(p));
    const file = prefix ? normalize(join(SERVED[prefix], path.slice(prefix.length))) : undefined;
    if (!prefix || !file || !file.startsWith(SERVED[prefix]) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });

  return {
    origin,
    async open({ bundle: script = 'panel', hostState, hostMessage, savedState, theme: wanted = 'dark', width = 1100, host }) {
      theme = wanted;
      bundle = script;
      const reply = hostMessage ?? (hostState ? { type: 'state', state: hostState } : null);
      const page = await browser.newPage({ viewport: { width, height: 900 }, deviceScaleFactor: 1 });
      const problems: string[] = [];
      page.on('console', (message) => {
        if (/Content.Security.Policy|Refused to/i.test(message.text())) problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      if (host) {
        await page.exposeFunction('__dnnHost', (message: unknown) => {
          host(message, (answer) => page.evaluate(`window.postMessage(${JSON.stringify(answer)}, '*')`) as Promise<void>);
        });
      }
      // Stands in for VS Code's webview API. Init scripts run before the page's own and are not subject to its CSP.
      await page.addInitScript(`
        window.__posted = [];
        window.__saved = ${JSON.stringify(savedState ?? null)} ?? undefined;
        const reply = ${JSON.stringify(reply)};
        window.acquireVsCodeApi = () => ({
          postMessage(message) {
            window.__posted.push(message);
            if (window.__dnnHost) window.__dnnHost(message);
            if (message && message.type === 'ready' && reply) window.postMessage(reply, '*');
          },
          getState() { return window.__saved; },
          setState(state) { window.__saved = state; },
        });
      `);
      await page.goto(`${origin}/`);
      return {
        page,
        problems,
        posted: () => page.evaluate('window.__posted') as Promise<unknown[]>,
        savedState: () => page.evaluate('window.__saved') as Promise<unknown>,
        send: (message) => page.evaluate(`window.postMessage(${JSON.stringify(message)}, '*')`) as Promise<void>,
      };
    },
    async close() {
      await browser.close();
      await new Promise<void>((resolve) => (server as Server).close(() => resolve()));
    },
  };
}
