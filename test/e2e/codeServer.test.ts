// code-server as the harness runs it: it listens on a loopback port the OS chose, serves
// the workbench, and stop() leaves no process of its group behind.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CodeServer, prepareDirs } from './codeServer';
import { isSetupCurrent } from './setup.mjs';

/** Pids of live processes in a process group, read from /proc. */
function groupMembers(groupId: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        // Field 5 of /proc/PID/stat is the process group; the command name (field 2) may hold spaces, so count after its ')'.
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return Number(fields[2]) === groupId && fields[0] !== 'Z';
      } catch {
        return false;
      }
    })
    .map(Number);
}

test('code-server starts on a free loopback port, serves the workbench and stops with its whole group', { timeout: 120_000 }, async () => {
  assert.ok(isSetupCurrent(), 'code-server is not installed: run `node test/e2e/setup.mjs`');
  const root = mkdtempSync(join(tmpdir(), 'dnn-e2e-server-'));
  try {
    const folder = join(root, 'folder');
    mkdirSync(folder);
    const server = await CodeServer.start(prepareDirs(root), folder, join(root, 'code-server.log'));
    const group = server.processGroup;
    assert.match(server.baseUrl, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await fetch(server.urlFor(folder));
    assert.equal(page.status, 200);
    assert.match(await page.text(), /vscode-workbench-web-configuration/);
    assert.ok(groupMembers(group).length > 0);

    await server.stop();
    assert.deepEqual(groupMembers(group), [], 'processes of code-server outlived stop()');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
