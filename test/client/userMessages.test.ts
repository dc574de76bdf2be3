// Text that becomes a link (issue 10): VS Code turns `[label](command:…)` in a notification, a
// progress notification or an input prompt into a link that runs a command. Every message the
// extension shows goes through client/src/ui/messages.ts, which passes it through plainText.
import './fakes/useFakeVscode';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeEach, test } from 'node:test';
import { askModal, askText, showMessage, withNotificationProgress } from '../../client/src/ui/messages';
import { LINK_BREAKER, plainText } from '../../client/src/ui/plainText';
import { reportEvent } from '../../client/src/training/eventReport';
import { world } from './fakes/vscode';

const clientSrc = join(__dirname, '..', '..', 'client', 'src');

/** VS Code's own link pattern (vs/base/common/linkedText.ts, as in code-server's workbench.js). */
const VSCODE_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;
const links = (text: string) => [...text.matchAll(VSCODE_LINK)].map((m) => m[0]);
/** What the user reads: the word joiner is invisible. */
const visible = (text: string) => text.replaceAll(LINK_BREAKER, '');

const QUIT_LINK = '[x](command:workbench.action.quit)';

beforeEach(() => world.reset());

test("the issue's data path: an engine error quoting it is shown as text, not a link", () => {
  const path = `/home/u/data/${QUIT_LINK}`;
  const report = reportEvent('train', 'LinkMLP', { type: 'error', message: `cannot read data file ${path}: no such file` });
  assert.deepEqual(links(report.notify!.text), [QUIT_LINK], 'the notification text as the engine words it holds a link');
  const shown = plainText(report.notify!.text);
  assert.deepEqual(links(shown), []);
  assert.equal(visible(shown), `Training LinkMLP failed: cannot read data file ${path}: no such file.`);
});

test('no link survives, whatever its target, case or nesting; plain text is unchanged', () => {
  const hostile = [
    "unknown activation '[y](command:workbench.action.quit)'",
    '[click](HTTPS://example.com/x) and [f](FILE:///etc/passwd)',
    '[[a](command:a)](command:b)',
    '[a](command:x "a title")',
    '[](command:x) [a](command:x?%5B%22y%22%5D)',
  ];
  for (const text of hostile) {
    assert.ok(links(text).length > 0, `the case ${text} is a link to begin with`);
    assert.deepEqual(links(plainText(text)), [], text);
    assert.equal(visible(plainText(text)), text);
  }
  for (const text of ['MnistMLP trained: test accuracy 97.81%.', 'validation_split must be in [0, 1)', 'a (b) [c] d', '']) {
    assert.equal(plainText(text), text);
  }
});

test('showMessage, askModal, progress notifications and input prompts all show plain text', async () => {
  await showMessage('error', `Cannot open ${QUIT_LINK}`, 'Show Output');
  await askModal('warning', `Delete ${QUIT_LINK}?`, `detail ${QUIT_LINK}`, 'Delete');
  await withNotificationProgress(`Exporting ${QUIT_LINK}`, false, async (progress) => progress.report({ message: `epoch ${QUIT_LINK}` }));
  await askText({ title: QUIT_LINK, prompt: `A name for ${QUIT_LINK}`, placeHolder: QUIT_LINK });
  assert.deepEqual(
    world.messages.map((m) => [m.severity, visible(m.text), links(m.text).length, m.items, m.modal]),
    [
      ['error', `Cannot open ${QUIT_LINK}`, 0, ['Show Output'], false],
      ['warning', `Delete ${QUIT_LINK}?`, 0, ['Delete'], true],
    ],
  );
  const progress = world.progress[0];
  assert.deepEqual(links(progress.title), []);
  assert.deepEqual(progress.reports.map((r) => links(r.message ?? '').length), [0]);
  assert.equal(visible(progress.reports[0].message ?? ''), `epoch ${QUIT_LINK}`);
  const box = world.inputBoxes[0];
  assert.deepEqual([box.title, box.prompt, box.placeHolder].map((t) => links(t ?? '').length), [0, 0, 0]);
});

/** Every .ts file under client/src. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sources(path) : entry.name.endsWith('.ts') ? [path] : [];
  });
}

test('no module but client/src/ui/messages.ts shows a message, a progress notification or an input box itself', () => {
  const direct = /\b(showErrorMessage|showWarningMessage|showInformationMessage|withProgress|showInputBox)\b/;
  const offenders = sources(clientSrc)
    .filter((file) => relative(clientSrc, file) !== join('ui', 'messages.ts'))
    .flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, i) => [line, i] as const)
        .filter(([line]) => direct.test(line) && !line.trimStart().startsWith('//'))
        .map(([line, i]) => `${relative(clientSrc, file)}:${i + 1}: ${line.trim()}`),
    );
  assert.deepEqual(offenders, [], 'these call VS Code directly instead of client/src/ui/messages.ts');
  assert.ok(sources(clientSrc).length > 20, 'the scan sees the extension sources');
});
