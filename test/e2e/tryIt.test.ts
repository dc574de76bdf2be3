// "Try it on your own digits" in the real VS Code (code-server + Chromium, the packaged
// dnn.vsix): train the small fixture on 3,000 real MNIST images, then draw a digit with the
// mouse on the results panel's canvas inside the webview's iframes; the run's model answers
// through the extension's prediction worker. Screenshots go to test-results/e2e/try-it/
// (try-it-drawn.png is the README's picture).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { VsCodeSession } from './harness';
import { resultsDir, vsixPath } from './paths';
import { pollUntil } from '../support/poll';

const FIXTURE = 'train-small.dnn';
const PANEL_TITLE = 'DNN: SmallMLP';

describe('Try it in a real VS Code: a digit drawn with the mouse is predicted by the trained run', () => {
  let session: VsCodeSession;

  before(async () => {
    session = await VsCodeSession.launch({ vsix: vsixPath, resultsDir: join(resultsDir, 'try-it') });
  }, { timeout: 180_000 });

  after(async () => {
    await session?.close();
  });

  test('train, then draw a 1 and a 7 on the canvas: the bars answer with the right top class; undo goes back', { timeout: 600_000 }, async () => {
    const { workbench, steps } = session;
    let panel!: FrameLocator;
    await steps.run('t1-trained', async () => {
      await workbench.openFile(FIXTURE);
      const classifier = readFileSync(join(session.workspace, FIXTURE), 'utf8').split('\n').findIndex((l) => l.includes('Dense(10')) + 1;
      await pollUntil(() => workbench.lineText(classifier), (t) => t.includes('[null, 10]'), { description: 'the language server to analyse the fixture', timeoutMs: 60_000 });
      await workbench.runCommand('DNN: Train Model');
      panel = await workbench.webview(PANEL_TITLE);
      await pollUntil(() => panel.locator('#training-progress').getAttribute('data-status'), (s) => s === 'completed' || s === 'failed' || s === 'stopped', {
        description: 'training to end',
        timeoutMs: 480_000,
        intervalMs: 1000,
      });
      assert.equal(await panel.locator('#training-progress').getAttribute('data-status'), 'completed');
      await panel.locator('#try-canvas').waitFor({ timeout: 30_000 });
    });

    /** A stroke with the real mouse over the canvas, in canvas pixels (0..280). */
    const stroke = async (points: [number, number][]) => {
      const canvas = panel.locator('#try-canvas');
      await canvas.scrollIntoViewIfNeeded();
      const box = (await canvas.boundingBox())!;
      const at = ([x, y]: [number, number]) => [box.x + (x * box.width) / 280, box.y + (y * box.height) / 280] as const;
      const mouse = workbench.page.mouse;
      await mouse.move(...at(points[0]));
      await mouse.down();
      for (const point of points.slice(1)) await mouse.move(...at(point), { steps: 8 });
      await mouse.up();
    };
    const topClass = (expected: string) =>
      pollUntil(() => panel.locator('[data-testid="try-top-class"]').getAttribute('data-class', { timeout: 5_000 }).catch(() => null), (c) => c === expected, {
        description: `the top class ${expected}`,
        timeoutMs: 60_000,
      });

    await steps.run('t2-one', async () => {
      await stroke([[140, 30], [143, 100], [145, 170], [146, 250]]);
      assert.equal(await topClass('1'), '1');
      assert.equal(await panel.locator('[data-testid="try-bar"]').count(), 10);
    });

    await steps.run('try-it-drawn', async () => {
      await panel.locator('[data-testid="try-clear"]').click();
      await pollUntil(() => panel.locator('[data-testid="try-bar"]').count(), (n) => n === 0, { description: 'the bars to go with Clear', timeoutMs: 10_000 });
      await stroke([[70, 60], [150, 55], [215, 55]]);
      await stroke([[215, 55], [180, 130], [150, 190], [125, 250]]);
      assert.equal(await topClass('7'), '7');
      await panel.locator('#try-it').scrollIntoViewIfNeeded();
    });

    await steps.run('t4-undo', async () => {
      await panel.locator('[data-testid="try-undo"]').click();
      // One stroke left (the bar of the 7): whatever the model makes of it, it answers again.
      await pollUntil(() => panel.locator('[data-testid="try-bar"]').count(), (n) => n === 10, { description: 'an answer for the stroke left', timeoutMs: 30_000 });
      const cspViolations = session.console.filter((line) => /Content.Security.Policy/i.test(line));
      assert.deepEqual(cspViolations, [], 'the results panel broke its Content-Security-Policy');
    });
  });
});
