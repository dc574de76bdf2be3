// The product as a user meets it: the packaged dnn.vsix installed into a real VS Code
// (code-server) in Chromium, used through the UI only (issue 4, "What the tests do").
// Every step leaves a screenshot in test-results/e2e/; a failing step names itself and its
// screenshot. Run with `npm run test:e2e` (installs code-server and packages the extension first).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import type { PageCanvas, PageElement } from './pageTypes';
import { VsCodeSession } from './harness';
import { resultsDir, vsixPath } from './paths';
import { pollUntil } from '../support/poll';
import { SUBSET, writeSubset } from './workspace';

const MLP = 'examples/mnist-mlp.dnn';
/** The results panel of the example, titled after its model. */
const MLP_PANEL_TITLE = 'DNN: MnistMLP';
const TRAIN_FIXTURE = 'train-small.dnn';
const TRAIN_MODEL = 'SmallMLP';
const PANEL_TITLE = `DNN: ${TRAIN_MODEL}`;
/** Trains on the full MNIST set for 1,000 epochs: it is only ever stopped. */
const STOP_FIXTURE = 'stop-mnist.dnn';
const STOP_MODEL = 'StopMLP';
/** The test set Evaluate sees after test 5: other images and fewer of them than training used. */
const EVALUATION_SET = { start: SUBSET.test, count: 500 };

/** 1-based line and column of the first occurrence of `text` in a workspace file. */
function positionOf(session: VsCodeSession, file: string, text: string): { line: number; column: number } {
  const lines = readFileSync(join(session.workspace, file), 'utf8').split('\n');
  const index = lines.findIndex((l) => l.includes(text));
  assert.ok(index >= 0, `${file} has no line with ${text}`);
  return { line: index + 1, column: lines[index].indexOf(text) + 1 };
}

function lastPositionOf(session: VsCodeSession, file: string, text: string): { line: number; column: number } {
  const lines = readFileSync(join(session.workspace, file), 'utf8').split('\n');
  const index = lines.map((l) => l.includes(text)).lastIndexOf(true);
  assert.ok(index >= 0, `${file} has no line with ${text}`);
  return { line: index + 1, column: lines[index].indexOf(text) + 1 };
}

/** Run folders (those holding a metrics.json) under the workspace. */
function runFolders(workspace: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const path = join(dir, entry.name);
      if (existsSync(join(path, 'metrics.json'))) found.push(path);
      else walk(path);
    }
  };
  walk(workspace);
  return found.sort();
}

/** For each canvas matched: true when it shows more than one colour (something was drawn on it). */
async function canvasHasInk(panel: FrameLocator, selector: string): Promise<boolean[]> {
  return panel.locator(selector).evaluateAll((canvases: PageCanvas[]) =>
    canvases.map((canvas) => {
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      const first = data.slice(0, 4).join();
      for (let i = 4; i < data.length; i += 4) if (data.slice(i, i + 4).join() !== first) return true;
      return false;
    }),
  );
}

describe('dnn in a real VS Code (code-server + Chromium)', () => {
  let session: VsCodeSession;

  before(async () => {
    session = await VsCodeSession.launch({ vsix: vsixPath, resultsDir });
  }, { timeout: 180_000 });

  after(async () => {
    await session?.close();
  });

  test('1. opening examples/mnist-mlp.dnn: DNN mode, colouring, no errors, shapes as inlay hints', { timeout: 120_000 }, async () => {
    const { workbench, steps } = session;
    const dense = positionOf(session, MLP, 'Dense(');
    const model = positionOf(session, MLP, 'model ');
    await steps.run('1-open-mnist-mlp', async () => {
      await workbench.openFile(MLP);
      assert.equal(await workbench.languageMode(), 'DNN');
      const colours = await workbench.tokenClasses(model.line);
      assert.ok(colours.length > 1, `the model line is drawn in one colour only (${colours.join(', ')}): no syntax colouring`);
      // The shape hints come from the language server: once they show, its diagnostics are in too.
      const hinted = await pollUntil(() => workbench.lineText(dense.line), (text) => text.includes('[null, 64]'), {
        description: `the inlay hint [null, 64] after the first Dense (line ${dense.line})`,
        timeoutMs: 60_000,
      });
      assert.match(hinted, /Dense\(64.*\)\s*→?\s*\[null, 64\]/);
      const problems = await workbench.problems();
      const errors = problems.filter((p) => p.file === 'mnist-mlp.dnn' && p.severity === 'error');
      assert.deepEqual(errors, [], 'the Problems panel shows errors for the example');
    });
  });

  test('2. hovering the first Dense shows its output shape and 50,240 params', { timeout: 60_000 }, async () => {
    const { workbench, steps } = session;
    const dense = positionOf(session, MLP, 'Dense(');
    await steps.run('2-hover-first-dense', async () => {
      await workbench.openFile(MLP);
      const hover = await workbench.hoverAt(dense.line, dense.column + 1, '50,240');
      assert.match(hover, /\[null, 64\]/, `the hover shows no [null, 64]:\n${hover}`);
      assert.match(hover, /50,240/);
    });
  });

  test('3. a misspelt activation shows in Problems on its line; the light bulb fixes it', { timeout: 90_000 }, async () => {
    const { workbench, steps } = session;
    const dense = positionOf(session, MLP, 'Dense(');
    const problem = await steps.run('3a-type-mistake', async () => {
      await workbench.openFile(MLP);
      await workbench.retypeLine(dense.line, 'Dense(64, activation=rellu)');
      const problems = await workbench.waitForProblems(
        (all) => all.some((p) => p.severity === 'error' && p.message.includes('rellu')),
        "an error about 'rellu'",
      );
      const found = problems.find((p) => p.severity === 'error' && p.message.includes('rellu'))!;
      assert.equal(found.file, 'mnist-mlp.dnn');
      assert.equal(found.line, dense.line, `the error is on line ${found.line}, the mistake on line ${dense.line}`);
      assert.equal(found.column, dense.column + 'Dense(64, activation='.length, 'the error starts at the misspelt name');
      return found;
    });
    await steps.run('3b-apply-quick-fix', async () => {
      await workbench.applyQuickFix(problem.line, problem.column + 1, /\brelu\b/);
      await workbench.waitForProblems((all) => !all.some((p) => p.file === 'mnist-mlp.dnn' && p.severity === 'error'), 'no errors after the fix');
      assert.match(await workbench.lineText(dense.line), /Dense\(64, activation=relu\)/);
    });
  });

  test('4. completion on a new layer line offers Conv2D after typing Con', { timeout: 60_000 }, async () => {
    const { workbench, steps } = session;
    const lastDense = lastPositionOf(session, MLP, 'Dense(');
    await steps.run('4-complete-con', async () => {
      await workbench.openFile(MLP);
      await workbench.typeOnNewLineAfter(lastDense.line, 'Con');
      const labels = await workbench.completionLabels('Conv2D');
      assert.ok(labels.includes('Conv2D'), `completion offers ${labels.join(', ')}`);
    });
    // Leave the example as it was on disk, so closing editors later asks nothing.
    await workbench.closeSuggestions();
    await workbench.runCommand('File: Revert File');
    // The next step starts once the language server has seen the revert too (the errors about
    // `Con` go away), not with its analysis of the edited text.
    await workbench.waitForProblems((all) => !all.some((p) => p.file === 'mnist-mlp.dnn' && p.severity === 'error'), 'no errors after File: Revert File');
  });

  // After step 4 so that steps 2-4 edit the example with the editor alone on screen; the results
  // panel opens beside it, where the panels of steps 5 and 6 then open as tabs.
  test('4b. the CodeLens above model offers Train | Evaluate | Summary | Export; Summary shows the Keras-style summary', { timeout: 90_000 }, async () => {
    const { workbench, steps } = session;
    const model = positionOf(session, MLP, 'model ');
    await steps.run('4b-codelens-on-model', async () => {
      await workbench.openFile(MLP);
      // The language server sends CodeLenses only to a client that says it runs their commands
      // (`initializationOptions: { editorCommands: true }`): without that, none ever shows.
      const lenses = await pollUntil(() => workbench.codeLenses(), (all) => all.some((lens) => lens.titles.length > 0), {
        description: 'a CodeLens in the example (the server sends none unless the client passes initializationOptions.editorCommands)',
        timeoutMs: 30_000,
      });
      assert.deepEqual(lenses, [{ line: model.line, titles: ['Train', 'Evaluate', 'Summary', 'Export'] }], `the CodeLens should stand above model (line ${model.line})`);
    });
    await steps.run('4c-codelens-summary', async () => {
      await workbench.clickCodeLens('Summary');
      const panel = await workbench.webview(MLP_PANEL_TITLE);
      const summary = panel.locator('#model-summary');
      await summary.waitFor();
      assert.deepEqual((await summary.locator('thead th').allInnerTexts()).map((t) => t.trim()), ['Layer (type)', 'Output Shape', 'Param #']);
      const rows = await summary.locator('tbody tr').evaluateAll((all: PageElement[]) =>
        all.map((row) => Array.from(row.querySelectorAll('td')).map((cell) => (cell.textContent ?? '').trim())),
      );
      const dense = rows.filter((cells) => cells[0].endsWith('(Dense)')).map((cells) => cells.slice(1));
      assert.deepEqual(dense, [['[null, 64]', '50,240'], ['[null, 64]', '4,160'], ['[null, 10]', '650']], `the summary's rows: ${JSON.stringify(rows)}`);
      assert.equal((await summary.locator('[data-testid="total-params"]').innerText()).trim(), '55,050');
      await summary.scrollIntoViewIfNeeded();
    });
  });

  test('5. DNN: Train Model trains the fixture: the panel draws the curves and a test accuracy, a run folder appears', { timeout: 600_000 }, async () => {
    const { workbench, steps } = session;
    const runsBeforeTraining = runFolders(session.workspace);
    let panel!: FrameLocator;
    await steps.run('5a-train-started', async () => {
      await workbench.openFile(TRAIN_FIXTURE);
      await pollUntil(() => workbench.lineText(positionOf(session, TRAIN_FIXTURE, 'Dense(10').line), (t) => t.includes('[null, 10]'), {
        description: 'the language server to analyse the training fixture',
        timeoutMs: 60_000,
      });
      await workbench.runCommand('DNN: Train Model');
      panel = await workbench.webview(PANEL_TITLE);
      await panel.locator('#training-progress').waitFor();
    });
    await steps.run('5b-train-finished', async () => {
      const status = await pollUntil(
        async () => ({
          status: await panel.locator('#training-progress').getAttribute('data-status'),
          error: (await panel.locator('#training-error').allInnerTexts()).join(' '),
          notifications: await workbench.notifications(),
        }),
        (s) => s.status !== 'running' && s.status !== null,
        { description: 'training to end', timeoutMs: 480_000, intervalMs: 1000 },
      );
      assert.equal(status.status, 'completed', `training ended ${status.status}: ${status.error} ${status.notifications.join(' | ')}`);
      for (const chart of ['#loss-chart', '#accuracy-chart']) {
        const points = Number(await panel.locator(chart).getAttribute('data-points'));
        assert.ok(points >= 2, `${chart} has ${points} points`);
        const lines = await panel.locator(`${chart} path.line`).evaluateAll((paths: PageElement[]) => paths.map((p) => p.getAttribute('d') ?? ''));
        assert.ok(lines.some((d) => /[LC]/.test(d)), `${chart} draws no line: ${JSON.stringify(lines)}`);
      }
      const accuracy = await pollUntil(() => panel.locator('#test-accuracy').getAttribute('data-value'), (v) => v !== null, {
        description: 'the test accuracy figure',
        timeoutMs: 120_000,
      });
      assert.ok(Number(accuracy) > 0.5, `test accuracy ${accuracy} is not well above chance (0.1)`);
      // The screenshot shows the test figures and the curves.
      await panel.locator('#test-accuracy').scrollIntoViewIfNeeded();
    });
    const created = runFolders(session.workspace).filter((dir) => !runsBeforeTraining.includes(dir));
    assert.equal(created.length, 1, `expected one new run folder, found: ${created.map((d) => relative(session.workspace, d)).join(', ')}`);
    const metrics = JSON.parse(readFileSync(join(created[0], 'metrics.json'), 'utf8'));
    assert.equal(metrics.model, TRAIN_MODEL);
    assert.equal(metrics.status, 'completed');
    assert.equal(metrics.history.length, 2);
    const cspViolations = session.console.filter((line) => /Content.Security.Policy/i.test(line));
    assert.deepEqual(cspViolations, [], 'the results panel broke its Content-Security-Policy');
  });

  test('6. DNN: Evaluate Model shows the confusion matrix and the misclassified digits', { timeout: 300_000 }, async () => {
    const { workbench, steps } = session;
    // Other test images than at the end of training: the figures below can only come from this evaluation.
    writeSubset(session.workspace, 'test', EVALUATION_SET.start, EVALUATION_SET.count);
    await steps.run('6-evaluate', async () => {
      await workbench.openFile(TRAIN_FIXTURE);
      await workbench.runCommand('DNN: Evaluate Model');
      const panel = await workbench.webview(PANEL_TITLE);
      await pollUntil(() => panel.locator('#test-samples').getAttribute('data-value'), (v) => v === String(EVALUATION_SET.count), {
        description: `the evaluation of ${EVALUATION_SET.count} test images`,
        timeoutMs: 240_000,
        intervalMs: 1000,
      });
      const cells = await panel.locator('#confusion-matrix [data-testid="confusion-cell"]').evaluateAll((all: PageElement[]) => all.map((c) => Number(c.getAttribute('data-count'))));
      assert.equal(cells.length, 100, 'the confusion matrix is not 10x10');
      assert.equal(cells.reduce((a, b) => a + b, 0), EVALUATION_SET.count, 'the confusion matrix does not count every test image once');
      const digits = await panel.locator('#misclassified [data-testid="misclassified-digit"]').count();
      const mistakes = Number((await panel.locator('#test-mistakes').innerText()).replace(/,/g, ''));
      assert.ok(digits > 0 && digits <= mistakes, `${digits} misclassified digits drawn for ${mistakes} mistakes`);
      const inked = await canvasHasInk(panel, '#misclassified canvas');
      assert.ok(inked.length === digits && inked.every(Boolean), 'a misclassified digit is drawn blank');
      await panel.locator('#confusion-matrix').scrollIntoViewIfNeeded();
    });
    await steps.run('6b-misclassified-digits', async () => {
      await (await workbench.webview(PANEL_TITLE)).locator('#misclassified').scrollIntoViewIfNeeded();
    });
  });

  test('also: DNN: Stop Training stops a training on the full MNIST set shipped in the package', { timeout: 300_000 }, async () => {
    const { workbench, steps } = session;
    const runsBefore = runFolders(session.workspace);
    let panel!: FrameLocator;
    await steps.run('6c-train-on-mnist', async () => {
      await workbench.openFile(STOP_FIXTURE);
      await workbench.runCommand('DNN: Train Model');
      panel = await workbench.webview(`DNN: ${STOP_MODEL}`);
      // Batches going by mean the 60,000 MNIST images were found and read.
      await pollUntil(() => panel.locator('#progress-text').innerText(), (text) => /Epoch \d+\/1000 · batch \d+/.test(text), {
        description: 'batches of the MNIST training in the panel',
        timeoutMs: 180_000,
        intervalMs: 500,
      });
    });
    await steps.run('6d-stop-training', async () => {
      await workbench.runCommand('DNN: Stop Training');
      await pollUntil(() => panel.locator('#training-progress').getAttribute('data-status'), (status) => status === 'stopped', {
        description: 'the panel to show the training stopped',
        timeoutMs: 60_000,
      });
    });
    const created = runFolders(session.workspace).filter((dir) => !runsBefore.includes(dir));
    assert.equal(created.length, 1, 'a stopped run keeps its folder');
    const metrics = JSON.parse(readFileSync(join(created[0], 'metrics.json'), 'utf8'));
    assert.equal(metrics.model, STOP_MODEL);
    assert.equal(metrics.status, 'stopped');
  });

  test('7. every step left a screenshot in test-results/e2e/', () => {
    const expected = ['1-open-mnist-mlp', '2-hover-first-dense', '3a-type-mistake', '3b-apply-quick-fix', '4-complete-con', '4b-codelens-on-model', '4c-codelens-summary', '5a-train-started', '5b-train-finished', '6-evaluate', '6b-misclassified-digits', '6c-train-on-mnist', '6d-stop-training'];
    const missing = expected.filter((step) => !session.steps.screenshots.includes(step) || !existsSync(join(resultsDir, `${step}.png`)));
    assert.deepEqual(missing, [], `no screenshot for ${missing.join(', ')}`);
  });
});
