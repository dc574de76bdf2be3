// Text that becomes a link (issue 10), in the real VS Code: the test/hostile/ files that put
// `[label](command:…)` into a diagnostic's quoted argument and into a data path reach a
// notification as plain text, with no anchor to click.
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { VsCodeSession } from './harness';
import { repoRoot, resultsDir, vsixPath } from './paths';
import { pollUntil } from '../support/poll';

const JOINER = '\u2060';
const QUIT_LINK = '[x](command:workbench.action.quit)';

describe('user text in notifications stays text (code-server + Chromium)', () => {
  let session: VsCodeSession;

  before(async () => {
    session = await VsCodeSession.launch({ vsix: vsixPath, resultsDir: join(resultsDir, 'hostile') });
    cpSync(join(repoRoot, 'test', 'hostile', 'link-in-string.dnn'), join(session.workspace, 'link-in-string.dnn'));
    // The e2e workspace's MNIST subset, with the training images named by a link.
    const small = readFileSync(join(session.workspace, 'train-small.dnn'), 'utf8');
    writeFileSync(join(session.workspace, 'link-in-path.dnn'), small.replace('model SmallMLP', 'model LinkPath').replace('data/train-images-idx3-ubyte', `data/${QUIT_LINK}`));
  }, { timeout: 180_000 });

  after(async () => {
    await session?.close();
  });

  /** The toast whose text contains `needle`: its visible text and the links in it. */
  async function toast(needle: string): Promise<{ text: string; anchors: number }> {
    const { page } = session;
    return pollUntil(
      async () => {
        const messages = page.locator('.notifications-toasts .notification-toast .notification-list-item-message');
        const texts = (await messages.allInnerTexts()).map((t) => t.replaceAll(JOINER, '').trim());
        const index = texts.findIndex((t) => t.includes(needle));
        return index < 0 ? undefined : { text: texts[index], anchors: await messages.nth(index).locator('a').count() };
      },
      (found) => found !== undefined,
      { description: `a notification containing ${needle}`, timeoutMs: 90_000 },
    ) as Promise<{ text: string; anchors: number }>;
  }

  test('a string argument quoted in a diagnostic: the refusal to train shows it literally', { timeout: 150_000 }, async () => {
    const { workbench, steps } = session;
    await steps.run('hostile-1-diagnostic-link', async () => {
      await workbench.openFile('link-in-string.dnn');
      await workbench.waitForProblems((all) => all.some((p) => p.file === 'link-in-string.dnn' && p.severity === 'error'), 'the error about the activation', 60_000);
      await workbench.runCommand('DNN: Train Model');
      const shown = await toast('Cannot train Hostile');
      assert.match(shown.text, /unknown activation '\[run me\]\(command:workbench\.action\.terminal\.new\)'/);
      assert.equal(shown.anchors, 0, `the notification has a link: ${shown.text}`);
    });
  });

  test("the issue's data path: the engine's error names it literally", { timeout: 200_000 }, async () => {
    const { workbench, steps } = session;
    await steps.run('hostile-2-data-path-link', async () => {
      await workbench.openFile('link-in-path.dnn');
      await workbench.runCommand('DNN: Train Model');
      const shown = await toast('Training LinkPath failed');
      assert.ok(shown.text.includes(`cannot read data file ${join(session.workspace, 'data', QUIT_LINK)}`), shown.text);
      assert.equal(shown.anchors, 0, `the notification has a link: ${shown.text}`);
    });
  });
});
