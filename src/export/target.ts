// Where an export goes, and what it would overwrite: plain file-system checks without
// TensorFlow.js, so the VS Code extension host asks before replacing anything.
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { defaultRunsRoot } from '../engine/runs';
import { EngineError } from '../engine/errors';
import { exportFormats } from './formats';
import type { ExportFormat } from './types';

/**
 * The `--out` when none is given: in the run's `export` folder (`<run>/export/<Model>.onnx`,
 * `<run>/export/tfjs/`, ...), or for fresh weights in `.dnn/export/<Model>-untrained/` beside
 * the spec (next to `.dnn/runs`).
 */
export function defaultExportOut(format: ExportFormat, modelName: string, from: { runDir: string } | { specFile: string }): string {
  const base = 'runDir' in from ? join(from.runDir, 'export') : join(dirname(defaultRunsRoot(from.specFile)), 'export', `${modelName}-untrained`);
  return exportFormats[format].defaultOut(base, modelName);
}

/**
 * What writing `format` at `out` would replace: `out` itself when it is an existing file or a
 * folder with something in it, and any companion file (the Keras weights). Refuses a folder
 * where a file goes and the other way round: `--force` replaces files, never a folder's content
 * with a file.
 */
export function existingTargets(format: ExportFormat, out: string): string[] {
  const entry = exportFormats[format];
  const existing: string[] = [];
  const kind = kindOf(out);
  if (kind === 'folder' && entry.target === 'file') throw new EngineError(`${out} is a folder; the ${format} export is one file: name the file with --out`, 'input');
  if (kind === 'file' && entry.target === 'folder') throw new EngineError(`${out} is a file; the ${format} export is a folder: name a folder with --out`, 'input');
  if (kind === 'file' || (kind === 'folder' && readdirSync(out).length > 0)) existing.push(out);
  for (const companion of entry.companions?.(out) ?? []) {
    const companionKind = kindOf(companion);
    if (companionKind === 'folder') throw new EngineError(`${companion} is a folder, where the export writes a file`, 'input');
    if (companionKind === 'file') existing.push(companion);
  }
  return existing;
}

function kindOf(path: string): 'file' | 'folder' | undefined {
  try {
    return statSync(path).isDirectory() ? 'folder' : 'file';
  } catch {
    return undefined;
  }
}
