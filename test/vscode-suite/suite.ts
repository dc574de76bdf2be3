// The end-to-end checks of issue 4 written against the VS Code API, for the ecosystem's
// standard harnesses: @vscode/test-electron loads this module's bundle as
// `extensionTestsPath` and calls run(); code-server runs it the same way from the workbench
// URL's `payload` (see test/e2e/vscodeApiSuite.test.ts). It runs inside the extension host,
// on a workspace made by test/e2e/workspace.ts (examples/, train-small.dnn, data/).
//
// What the API cannot see is left to the UI tests: colours drawn by the grammar, the light
// bulb and the results panel's content (webviews are opaque to the API).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'dnn-lang.dnn';
const MLP = 'examples/mnist-mlp.dnn';
const TRAIN_FIXTURE = 'train-small.dnn';

interface CheckResult {
  name: string;
  ok: boolean;
  error?: string;
  seconds: number;
}

/** Polls `read` until `accept` holds; the timeout only bounds a hang. */
async function waitFor<T>(description: string, read: () => T | Promise<T>, accept: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${description}; last seen: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function workspaceUri(relativePath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open: launch VS Code on a workspace made by test/e2e/workspace.ts');
  return vscode.Uri.joinPath(folder.uri, relativePath);
}

/** 0-based position of the first (or last) occurrence of `text` in a document. */
function positionOf(document: vscode.TextDocument, text: string, which: 'first' | 'last' = 'first'): vscode.Position {
  const offset = which === 'first' ? document.getText().indexOf(text) : document.getText().lastIndexOf(text);
  assert.ok(offset >= 0, `${document.uri.path} has no ${text}`);
  return document.positionAt(offset);
}

function errorsOf(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

function inlayLabels(hints: vscode.InlayHint[]): string[] {
  return hints.map((h) => (typeof h.label === 'string' ? h.label : h.label.map((part) => part.value).join('')));
}

/** Run folders (holding a metrics.json) under a folder. */
function runFolders(root: string): string[] {
  if (!existsSync(root)) return [];
  const found: string[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const path = join(root, entry.name);
    if (existsSync(join(path, 'metrics.json'))) found.push(path);
    else found.push(...runFolders(path));
  }
  return found;
}

async function openMlp(): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(MLP));
  // Shown in an editor, so the language server's pull diagnostics are asked for.
  return vscode.window.showTextDocument(document);
}

const checks: { name: string; timeoutMs: number; run: () => Promise<void> }[] = [
  {
    name: '1. mnist-mlp.dnn opens as DNN with no errors and shape inlay hints',
    timeoutMs: 120_000,
    async run() {
      const editor = await openMlp();
      assert.equal(editor.document.languageId, 'dnn');
      const extension = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(extension, `extension ${EXTENSION_ID} is not installed`);
      await waitFor('the extension to activate', () => extension.isActive, Boolean);
      const whole = new vscode.Range(0, 0, editor.document.lineCount, 0);
      const labels = await waitFor(
        'a [null, 64] inlay hint',
        async () => inlayLabels(await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', editor.document.uri, whole)),
        (l) => l.some((label) => label.includes('[null, 64]')),
      );
      assert.ok(labels.some((l) => l.includes('[null, 10]')), `no [null, 10] hint among ${labels.join(', ')}`);
      assert.deepEqual(errorsOf(editor.document.uri).map((d) => d.message), []);
    },
  },
  {
    name: '2. hover on the first Dense shows [null, 64] and 50,240 params',
    timeoutMs: 60_000,
    async run() {
      const editor = await openMlp();
      const dense = positionOf(editor.document, 'Dense(').translate(0, 1);
      const text = await waitFor(
        'a hover with 50,240',
        async () => hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, dense)),
        (t) => t.includes('50,240'),
      );
      assert.match(text, /\[null, 64\]/);
    },
  },
  {
    name: '3. a misspelt activation gives an error on its line; its quick fix removes it',
    timeoutMs: 60_000,
    async run() {
      const editor = await openMlp();
      const at = positionOf(editor.document, 'activation=relu').translate(0, 'activation='.length);
      await editor.edit((edit) => edit.replace(new vscode.Range(at, at.translate(0, 4)), 'rellu'));
      const [error] = await waitFor('an error about rellu', () => errorsOf(editor.document.uri).filter((d) => d.message.includes('rellu')), (e) => e.length > 0);
      assert.equal(error.range.start.line, at.line);
      assert.equal(error.range.start.character, at.character);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, error.range, vscode.CodeActionKind.QuickFix.value);
      const fix = actions.find((a) => /\brelu\b/.test(a.title));
      assert.ok(fix?.edit, `no quick fix to relu among: ${actions.map((a) => a.title).join(', ')}`);
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      await waitFor('no errors after the fix', () => errorsOf(editor.document.uri).length, (n) => n === 0);
      assert.match(editor.document.lineAt(at.line).text, /activation=relu\)/);
    },
  },
  {
    name: '4. completion after Con on a new layer line offers Conv2D',
    timeoutMs: 60_000,
    async run() {
      const editor = await openMlp();
      const lastDense = positionOf(editor.document, 'Dense(', 'last');
      const indent = editor.document.lineAt(lastDense.line).text.slice(0, lastDense.character);
      const endOfLine = editor.document.lineAt(lastDense.line).range.end;
      await editor.edit((edit) => edit.insert(endOfLine, `\n${indent}Con`));
      const cursor = new vscode.Position(lastDense.line + 1, indent.length + 3);
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, cursor);
      const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      assert.ok(labels.includes('Conv2D'), `completion offers ${labels.join(', ')}`);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    },
  },
  {
    name: '5. dnn.train on the fixture makes a completed run folder',
    timeoutMs: 480_000,
    async run() {
      const uri = workspaceUri(TRAIN_FIXTURE);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      const before = runFolders(workspaceUri('.').fsPath);
      await vscode.commands.executeCommand('dnn.train', uri.toString());
      const created = await waitFor(
        'a completed run folder',
        () => runFolders(workspaceUri('.').fsPath).filter((dir) => !before.includes(dir) && JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8')).status === 'completed'),
        (dirs) => dirs.length > 0,
        450_000,
      );
      const metrics = JSON.parse(readFileSync(join(created[0], 'metrics.json'), 'utf8'));
      assert.equal(metrics.model, 'SmallMLP');
      assert.equal(metrics.history.length, 2);
      assert.ok(metrics.test.accuracy > 0.5, `test accuracy ${metrics.test.accuracy}`);
    },
  },
  {
    name: '6. dnn.evaluate on the trained fixture is accepted (its results are in the panel, which only the UI run reads)',
    timeoutMs: 60_000,
    async run() {
      const uri = workspaceUri(TRAIN_FIXTURE);
      await vscode.commands.executeCommand('dnn.evaluate', uri.toString());
    },
  },
];

async function runCheck(check: (typeof checks)[number]): Promise<CheckResult> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`did not finish within ${check.timeoutMs / 1000} s`)), check.timeoutMs);
    });
    await Promise.race([check.run(), timeout]);
    return { name: check.name, ok: true, seconds: (Date.now() - started) / 1000 };
  } catch (error) {
    return { name: check.name, ok: false, error: error instanceof Error ? error.message : String(error), seconds: (Date.now() - started) / 1000 };
  } finally {
    clearTimeout(timer);
  }
}

/** Entry point of the VS Code test harnesses: resolves when every check passed, rejects naming the failures. */
export async function run(): Promise<void> {
  const results: CheckResult[] = [];
  for (const check of checks) {
    const result = await runCheck(check);
    results.push(result);
    console.log(`${result.ok ? 'ok' : 'FAILED'} ${result.name} (${result.seconds.toFixed(1)} s)${result.error ? `\n    ${result.error}` : ''}`);
  }
  // The code-server runner reads the results from here (the extension host's console is not its own).
  const report = process.env.DNN_SUITE_REPORT;
  if (report) writeFileSync(report, JSON.stringify(results, null, 2));
  const failed = results.filter((r) => !r.ok);
  if (failed.length > 0) throw new Error(`${failed.length} of ${results.length} checks failed: ${failed.map((f) => f.name).join('; ')}`);
}
