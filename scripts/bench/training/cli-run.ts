// A model trained by the product itself: the bundled CLI (`bin/dnn.js train FILE --json`,
// built by `npm run build`), on wasm, in its own process.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CliRun {
  backend: string;
  epochs: { seconds: number; valAccuracy?: number }[];
  test?: { loss: number; accuracy: number };
  peakRssBytes: number;
}

const ROOT = join(__dirname, '..', '..', '..');

export interface CliWork {
  specFile: string;
  epochs: number;
  trainLimit?: number;
  /** `--threads`; default: the CLI's own (every core). */
  threads?: number;
}

export async function trainWithCli(work: CliWork): Promise<CliRun> {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'dnn.js'))) throw new Error('dist/cli/dnn.js is missing: run `npm run build` (npm run bench does)');
  const out = mkdtempSync(join(tmpdir(), 'dnn-bench-'));
  const args = ['-r', join(__dirname, 'report-peak-rss.cjs'), join(ROOT, 'bin', 'dnn.js'), 'train', work.specFile, '--epochs', String(work.epochs), '--seed', '1', '--backend', 'wasm', '--out', out, '--json'];
  if (work.trainLimit !== undefined) args.push('--train-limit', String(work.trainLimit));
  if (work.threads !== undefined) args.push('--threads', String(work.threads));
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  rmSync(out, { recursive: true, force: true });
  const result = stdout.trim().split('\n').pop() ?? '';
  const usage = stderr.trim().split('\n').pop() ?? '';
  if (code !== 0 || !result.startsWith('{') || !usage.startsWith('{')) throw new Error(`dnn train failed (exit ${code}): ${(stderr || stdout).trim().slice(-600)}`);
  return { ...(JSON.parse(result) as Omit<CliRun, 'peakRssBytes'>), ...(JSON.parse(usage) as { peakRssBytes: number }) };
}
