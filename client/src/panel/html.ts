// The results panel's HTML: an empty root the webview script fills in, under a strict
// Content-Security-Policy (nothing inline, nothing remote, scripts only with this page's nonce).
import { randomBytes } from 'node:crypto';

export interface PanelHtmlInput {
  /** `webview.cspSource`: the origin the webview serves the extension's own files from. */
  cspSource: string;
  /** `webview.asWebviewUri(...)` of dist/media/panel.js and media/panel.css. */
  scriptUri: string;
  styleUri: string;
  nonce: string;
  title: string;
}

/** 128 random bits, base64: a fresh one for every HTML the panel gets. */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

/** Only what the panel uses: its stylesheet and its one script. Charts and digits are drawn as SVG and canvas, so no images or fonts. */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [`default-src 'none'`, `style-src ${cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
}

export function panelHtml(input: PanelHtmlInput): string {
  const csp = contentSecurityPolicy(input.cspSource, input.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(input.styleUri)}">
<title>${escapeHtml(input.title)}</title>
</head>
<body>
<main id="app" data-testid="dnn-results"></main>
<script nonce="${escapeHtml(input.nonce)}" src="${escapeHtml(input.scriptUri)}"></script>
</body>
</html>
`;
}

export interface NoticeHtmlInput {
  cspSource: string;
  styleUri: string;
  title: string;
  /** Plain text (escaped here). */
  message: string;
}

/** A page with one message and no script (a panel that could not be restored). */
export function noticeHtml(input: NoticeHtmlInput): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(`default-src 'none'; style-src ${input.cspSource}`)}">
<link rel="stylesheet" href="${escapeHtml(input.styleUri)}">
<title>${escapeHtml(input.title)}</title>
</head>
<body>
<main id="app" data-testid="dnn-results-not-restored"><p class="notice severity-warning">${escapeHtml(input.message)}</p></main>
</body>
</html>
`;
}

/** Enough for text and double-quoted attributes (single quotes stay readable in the CSP). */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);
}
