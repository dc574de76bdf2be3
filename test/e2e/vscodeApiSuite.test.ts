// Runs the VS Code API suite (test/vscode-suite/suite.ts, the one @vscode/test-electron runs
// where VS Code can be downloaded) inside code-server: the repo is loaded as a development
// extension and the suite's run() is called by the real Node extension host. Each check of
// the suite is reported here as a subtest.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { bundleSuite } from '../vscode-suite/bundle';
import { VsCodeSession } from './harness';
import { repoRoot, resultsDir } from './paths';
import { pollUntil } from '../support/poll';

interface CheckResult {
  name: string;
  ok: boolean;
  error?: string;
  seconds: number;
}

describe('the VS Code API suite in code-server (extensionDevelopmentPath + extensionTestsPath)', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'dnn-api-suite-'));
  const report = join(scratch, 'report.json');
  let session: VsCodeSession | undefined;

  before(async () => {
    assert.ok(existsSync(join(repoRoot, 'dist', 'client', 'extension.js')), 'the extension is not built: run `npm run build`');
    const suite = join(scratch, 'suite.js');
    await bundleSuite(suite);
    session = await VsCodeSession.launch({
      resultsDir: join(resultsDir, 'vscode-suite'),
      development: { extensionPath: repoRoot, testsPath: suite },
      env: { DNN_SUITE_REPORT: report },
    });
  }, { timeout: 180_000 });

  after(async () => {
    await session?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  test('every check of the suite passes', { timeout: 600_000 }, async (t) => {
    // The extension host ends when run() settles; the suite writes its report just before.
    // Its exit code says nothing here: code-server logs 0 even when run() rejects (measured),
    // so the report is what counts.
    const exit = await pollUntil(
      async () => /Extension Host Process exited with code: (\d+)/.exec(readFileSync(session!.serverLog, 'utf8'))?.[1],
      (code) => code !== undefined,
      { description: 'the extension host to finish the suite', timeoutMs: 570_000, intervalMs: 1000 },
    );
    assert.ok(existsSync(report), `the suite wrote no report (extension host exit code ${exit}); see ${session!.serverLog} and the logs beside it`);
    const results = JSON.parse(readFileSync(report, 'utf8')) as CheckResult[];
    assert.ok(results.length > 0, 'the suite ran no check');
    for (const result of results) {
      await t.test(result.name, (check) => {
        check.diagnostic(`${result.seconds.toFixed(1)} s in the extension host`);
        assert.ok(result.ok, result.error);
      });
    }
  });
});
