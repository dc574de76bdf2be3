// The serializer's checks (restore.ts) against the real workspace: the file system and the
// workspace folders, real paths on both sides so a symbolic link cannot lead out of a folder.
import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative } from 'node:path';
import * as vscode from 'vscode';
import { listSpecRuns } from '../../../src/engine/spec-runs';
import { trainingSettings } from '../training/settings';
import type { RestorePorts } from './restore';

export const workspaceRestorePorts: RestorePorts = {
  async workspaceDnnFile(uri) {
    const parsed = vscode.Uri.parse(uri, true);
    // The key of a panel is its document's URI as VS Code writes it; another spelling is not that document.
    if (parsed.scheme !== 'file' || parsed.toString() !== uri || !/\.dnn$/i.test(parsed.fsPath)) return undefined;
    const real = await realpath(parsed.fsPath);
    if (!/\.dnn$/i.test(real) || !(await stat(real)).isFile()) return undefined;
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file') continue;
      const root = await realpath(folder.uri.fsPath).catch(() => undefined);
      const inside = root === undefined ? '..' : relative(root, real);
      if (inside !== '' && !inside.startsWith('..') && !isAbsolute(inside)) return real;
    }
    return undefined;
  },
  async runDirsOf(specFile, documentUri) {
    const { runs } = await listSpecRuns(specFile, trainingSettings(vscode.Uri.parse(documentUri)).runsRoot);
    return runs.map((run) => run.runDir);
  },
};
