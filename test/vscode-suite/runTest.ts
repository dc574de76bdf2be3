// Runs the VS Code API suite with @vscode/test-electron, the ecosystem's standard harness.
// It downloads a VS Code build, so it needs a machine that can reach the VS Code update
// servers (CI here can't: there the same suite runs in code-server, see
// test/e2e/vscodeApiSuite.test.ts). Usage, after `npm run build`:
//   npx tsx test/vscode-suite/runTest.ts
import { runTests } from '@vscode/test-electron';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../e2e/paths';
import { createWorkspace } from '../e2e/workspace';
import { bundleSuite } from './bundle';

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'dnn-vscode-suite-'));
  try {
    const workspace = join(root, 'workspace');
    createWorkspace(workspace);
    const suite = join(root, 'suite.js');
    await bundleSuite(suite);
    await runTests({
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: suite,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', join(root, 'user-data')],
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`the VS Code API suite failed: ${message}`);
  if (/ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN/.test(message)) {
    console.error('VS Code could not be downloaded from here; the same suite runs in code-server with `npm run test:e2e`.');
  }
  process.exit(1);
});
