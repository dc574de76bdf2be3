// A graph model in the real VS Code (code-server + Chromium, the packaged dnn.vsix): rename a
// layer with F2, every use follows, and the results panel draws the new DAG (issue 8).
// Screenshots of every step go to test-results/e2e/graph/.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { VsCodeSession } from './harness';
import { resultsDir, vsixPath } from './paths';
import { pollUntil } from '../support/poll';

const FIXTURE = 'graph-branches.dnn';
const PANEL_TITLE = 'DNN: Branches';

/** 1-based line and column of `text` on the first line holding it. */
function positionOf(session: VsCodeSession, text: string): { line: number; column: number } {
  const lines = readFileSync(join(session.workspace, FIXTURE), 'utf8').split('\n');
  const index = lines.findIndex((l) => l.includes(text));
  assert.ok(index >= 0, `${FIXTURE} has no line with ${text}`);
  return { line: index + 1, column: lines[index].indexOf(text) + 1 };
}

describe('a graph model in a real VS Code: rename a layer, see the new DAG', () => {
  let session: VsCodeSession;

  before(async () => {
    session = await VsCodeSession.launch({ vsix: vsixPath, resultsDir: join(resultsDir, 'graph') });
  }, { timeout: 180_000 });

  after(async () => {
    await session?.close();
  });

  test('F2 on a layer name renames every use; the results panel draws the branches side by side under the new name', { timeout: 240_000 }, async () => {
    const { workbench, steps } = session;
    const stem = positionOf(session, 'stem = ');
    const merged = positionOf(session, 'merged = ');
    const left = positionOf(session, 'left = ');
    const right = positionOf(session, 'right = ');
    await steps.run('g1-open-graph-model', async () => {
      await workbench.openFile(FIXTURE);
      await pollUntil(() => workbench.lineText(merged.line), (text) => text.includes('[null, 28, 28, 8]'), {
        description: `the inlay hint [null, 28, 28, 8] after the Add (line ${merged.line})`,
        timeoutMs: 60_000,
      });
      const problems = (await workbench.problems()).filter((p) => p.file === FIXTURE);
      assert.deepEqual(problems, [], 'the graph fixture has problems');
    });

    await steps.run('g2-rename-stem-to-trunk', async () => {
      await workbench.rename(stem.line, stem.column + 1, 'trunk');
      const renamed = await pollUntil(() => workbench.lineText(merged.line), (text) => text.includes('trunk'), {
        description: 'the Add line to name trunk',
        timeoutMs: 30_000,
      });
      assert.match(renamed, /merged = Add\(\)\(\[left, right, trunk\]\)/);
      assert.match(await workbench.lineText(right.line), /right = Conv2D\(8, 1, padding=same\)\(trunk\)/);
      assert.match(await workbench.lineText(stem.line), /trunk = Conv2D/);
      assert.match(await workbench.lineText(left.line), /\(trunk\)/);
      await workbench.page.keyboard.press('Control+S');
      await workbench.waitForProblems((all) => !all.some((p) => p.file === FIXTURE), 'no problem after the rename');
      await pollUntil(() => Promise.resolve(readFileSync(join(session.workspace, FIXTURE), 'utf8')), (text) => !/stem =|\(stem\)/.test(text) && text.includes('trunk = Conv2D'), {
        description: 'the saved file to bind and use trunk, not stem (the comment keeps its words)',
        timeoutMs: 15_000,
      });
    });

    let panel!: FrameLocator;
    await steps.run('g3-dag-drawing-after-rename', async () => {
      await workbench.runCommand('DNN: Show Model Summary');
      panel = await workbench.webview(PANEL_TITLE);
      const diagram = panel.locator('#model-diagram');
      await diagram.locator('g[data-name="trunk"]').waitFor();
      assert.equal(await diagram.locator('g[data-name="stem"]').count(), 0, 'the drawing still shows the old name');
      assert.equal(await diagram.locator('g.layer').count(), 7);
      for (const to of ['left', 'right', 'merged']) {
        assert.equal(await diagram.locator(`path.connector[data-from="trunk"][data-to="${to}"]`).count(), 1, `no edge trunk → ${to}`);
      }
      const box = async (name: string) => (await diagram.locator(`g[data-name="${name}"] rect`).boundingBox())!;
      const [trunk, l, r, m] = [await box('trunk'), await box('left'), await box('right'), await box('merged')];
      assert.equal(Math.round(l.y), Math.round(r.y), 'the branches share a row');
      assert.ok(l.x + l.width < r.x, 'the branches stand side by side');
      assert.ok(trunk.y + trunk.height < l.y && m.y > l.y + l.height, 'trunk above the branches, the merge below them');
      await diagram.scrollIntoViewIfNeeded();
    });
    const cspViolations = session.console.filter((line) => /Content.Security.Policy/i.test(line));
    assert.deepEqual(cspViolations, [], 'the results panel broke its Content-Security-Policy');
    assert.deepEqual(session.steps.screenshots, ['g1-open-graph-model', 'g2-rename-stem-to-trunk', 'g3-dag-drawing-after-rename']);
  });
});
