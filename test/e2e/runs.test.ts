// Runs in the real VS Code (code-server + Chromium, the packaged dnn.vsix), issue 11: two runs
// of a model on the workspace's 3,000 real MNIST images, the first trained by the dnn CLI in
// a terminal (the view sees it through its file system watcher), the second by DNN: Train
// Model after a change of the spec (the view follows the training), are listed with their
// accuracies; both selected, Compare Runs opens the comparison; Delete Run asks first, and
// confirming removes the run from the view and its folder from the disk.
// Screenshots of every step go to test-results/e2e/runs/.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FrameLocator, Locator } from 'playwright-core';
import { VsCodeSession } from './harness';
import { repoRoot, resultsDir, vsixPath } from './paths';
import { pollUntil } from '../support/poll';

const FIXTURE = 'train-small.dnn';
const MODEL = 'SmallMLP';

interface TrainedRun {
  runDir: string;
  accuracy: number;
}

/** `dnn train FILE --json` as a user runs it in a terminal: the run lands beside the file in .dnn/runs. */
function trainWithCli(specFile: string): TrainedRun {
  const stdout = execFileSync(process.execPath, [join(repoRoot, 'bin', 'dnn.js'), 'train', specFile, '--epochs', '2', '--json'], {
    encoding: 'utf8',
    timeout: 240_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as { runDir: string; test: { accuracy: number } | null };
  assert.ok(result.test, 'the CLI tested the run');
  return { runDir: result.runDir, accuracy: result.test.accuracy };
}

/** The run folder of the model other than `known` (the one DNN: Train Model made), with its test accuracy. */
function newestRun(specFile: string, known: string): TrainedRun {
  const modelDir = join(dirname(specFile), '.dnn', 'runs', MODEL);
  const others = readdirSync(modelDir).map((name) => join(modelDir, name)).filter((dir) => dir !== known);
  assert.equal(others.length, 1, `one more run folder: ${others.join(', ')}`);
  const metrics = JSON.parse(readFileSync(join(others[0], 'metrics.json'), 'utf8')) as { test?: { accuracy: number } };
  assert.ok(metrics.test, 'the run trained in the editor was tested');
  return { runDir: others[0], accuracy: metrics.test.accuracy };
}

/** 1-based line of the first line of the file holding `text`. */
function positionOf(file: string, text: string): { line: number } {
  const index = readFileSync(file, 'utf8').split('\n').findIndex((line) => line.includes(text));
  assert.ok(index >= 0, `${file} has no line with ${text}`);
  return { line: index + 1 };
}

/** The view's rows as the user reads them: label, then description. */
async function rowTexts(rows: Locator): Promise<string[]> {
  return (await rows.allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
}

describe('the DNN Runs view in a real VS Code: two runs, their comparison, a deletion', () => {
  let session: VsCodeSession;

  before(async () => {
    session = await VsCodeSession.launch({ vsix: vsixPath, resultsDir: join(resultsDir, 'runs') });
  }, { timeout: 180_000 });

  after(async () => {
    await session?.close();
  });

  test('the view lists both runs with their accuracies; Compare Runs compares them; Delete Run asks, then removes the run', { timeout: 600_000 }, async () => {
    const { workbench, steps } = session;
    const specFile = join(session.workspace, FIXTURE);
    const runRows = workbench.sideBarRows.filter({ hasText: /\d+ epochs/ });

    let first!: TrainedRun;
    let second!: TrainedRun;
    await steps.run('r1-two-runs-in-the-view', async () => {
      await workbench.openViewContainer('DNN Runs');
      await workbench.sideBarRows.filter({ hasText: MODEL }).first().waitFor({ timeout: 60_000 });
      first = trainWithCli(specFile);
      await pollUntil(() => rowTexts(runRows), (rows) => rows.length === 1, {
        description: 'the run trained by the CLI in the Runs view (its file system watcher)',
        timeoutMs: 60_000,
      });
      // A wider first layer: the second run's spec differs, and the first run's spec has changed since.
      const source = readFileSync(specFile, 'utf8');
      writeFileSync(specFile, source.replace('Dense(32, activation=relu)', 'Dense(48, activation=relu)'));
      await workbench.openFile(FIXTURE);
      await pollUntil(() => workbench.lineText(positionOf(specFile, 'Dense(48').line), (text) => text.includes('[null, 48]'), {
        description: 'the language server to analyse the changed spec',
        timeoutMs: 60_000,
      });
      await workbench.runCommand('DNN: Train Model');
      const texts = await pollUntil(() => rowTexts(runRows), (rows) => rows.length === 2 && rows.every((row) => row.includes('%')), {
        description: 'the run trained in the editor in the Runs view, tested',
        timeoutMs: 240_000,
        intervalMs: 1000,
      });
      second = newestRun(specFile, first.runDir);
      const percent = (run: TrainedRun) => `${(100 * run.accuracy).toFixed(1)}%`;
      // Newest first: the second run, from the spec as it is now; the first with the mark of a changed spec.
      assert.match(texts[0], new RegExp(`2 epochs · ${percent(second).replace('.', '\\.')} · tfjs$`), texts[0]);
      assert.match(texts[1], new RegExp(`2 epochs · ${percent(first).replace('.', '\\.')} · tfjs · spec changed$`), texts[1]);
      const modelRow = await rowTexts(workbench.sideBarRows.filter({ hasText: MODEL }).filter({ hasText: FIXTURE }));
      assert.match(modelRow[0] ?? '', new RegExp(`${MODEL}\\s*${FIXTURE.replace(".", "\\.")} · 2 runs`), 'the model row names its spec file');
      assert.ok(await runRows.first().locator('.codicon-pass').count() === 1, 'a completed run shows the pass icon');
    });

    let compare!: FrameLocator;
    await steps.run('r2-compare-runs', async () => {
      // The training's results panel closed: the comparison is the one webview on screen.
      await workbench.runCommand('View: Close All Editors');
      await workbench.page.locator('iframe.webview.ready').first().waitFor({ state: 'hidden' });
      await workbench.openViewContainer('DNN Runs');
      await runRows.nth(0).click();
      await runRows.nth(1).click({ modifiers: ['Control'] });
      await pollUntil(() => runRows.evaluateAll((rows) => rows.filter((row) => row.getAttribute('aria-selected') === 'true').length), (n) => n === 2, {
        description: 'both runs selected',
        timeoutMs: 10_000,
      });
      await workbench.contextMenu(runRows.nth(1), 'Compare Runs');
      compare = await workbench.webview('DNN: Compare 2 Runs');
      await compare.locator('[data-testid="compare-figures"]').waitFor({ timeout: 60_000 });
      assert.equal(await compare.locator('.legend-toggle').count(), 2);
      assert.equal(await compare.locator('[data-testid="compare-loss"]').getAttribute('data-lines'), '4');
      const diff = (await compare.locator('[data-testid="compare-spec"] tbody tr').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
      assert.ok(diff.some((row) => /^layer 1 .*units=48.*units=32/.test(row)), `the spec diff shows the changed units: ${diff.join(' | ')}`);
      const cells = await compare.locator('[data-testid="compare-figures"] tbody td.best').count();
      assert.ok(cells >= 1, 'the best figures are marked');
    });
    const cspViolations = session.console.filter((line) => /Content.Security.Policy/i.test(line));
    assert.deepEqual(cspViolations, [], 'the comparison panel broke its Content-Security-Policy');

    await steps.run('r3-delete-asks-first', async () => {
      await workbench.openViewContainer('DNN Runs');
      await workbench.contextMenu(runRows.nth(1), 'Delete Run…');
      await workbench.dialog.waitFor();
      assert.match(await workbench.dialog.innerText(), new RegExp(`Delete the run of ${MODEL} in .*${first.runDir.split('/').pop()}\\?`));
    });

    await steps.run('r4-deleted', async () => {
      await workbench.answerDialog('Delete');
      // Where the system has no trash for the server's files, a second question asks to delete for good.
      const asked = await pollUntil(async () => ({ gone: !existsSync(first.runDir), dialog: await workbench.dialog.isVisible() }), (s) => s.gone || s.dialog, {
        description: 'the run deleted, or the question to delete it for good',
        timeoutMs: 30_000,
      });
      if (asked.dialog) {
        assert.match(await workbench.dialog.innerText(), /There is no trash/);
        await workbench.answerDialog('Delete Permanently');
      }
      const texts = await pollUntil(() => rowTexts(runRows), (rows) => rows.length === 1, { description: 'one run left in the view', timeoutMs: 30_000 });
      assert.doesNotMatch(texts[0], /spec changed/, 'the run left is the second one');
      assert.equal(existsSync(first.runDir), false, `${first.runDir} is gone`);
      assert.ok(existsSync(second.runDir), 'the other run is kept');
    });
    await steps.run('r5-another-cli-run', async () => {
      // A run written by a terminal's `dnn train` into the model's existing folder: only the view's watcher can see it.
      const third = trainWithCli(specFile);
      const texts = await pollUntil(() => rowTexts(runRows), (rows) => rows.length === 2 && rows.every((row) => row.includes('%')), {
        description: 'the second CLI run of the model in the Runs view, tested (its file system watcher)',
        timeoutMs: 60_000,
      });
      assert.match(texts[0], new RegExp(`2 epochs · ${(100 * third.accuracy).toFixed(1).replace('.', '\\.')}% · tfjs$`), texts[0]);
    });
    assert.deepEqual(steps.screenshots, ['r1-two-runs-in-the-view', 'r2-compare-runs', 'r3-delete-asks-first', 'r4-deleted', 'r5-another-cli-run']);
  });
});
