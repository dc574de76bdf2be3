// Runs one measurement in a fresh Node process (scripts/bench/training/measure.ts): each
// gets its own backend, kernel registry and peak-memory figure, and stock tfjs stays
// stock (the kernel fixes are global once installed).
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export async function measureInChild<T>(what: string, args: string[] = []): Promise<T> {
  const script = join(__dirname, 'measure.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script, what, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const lastLine = stdout.trim().split('\n').pop() ?? '';
  if (code !== 0 || !lastLine.startsWith('{')) {
    // The wasm module prints its whole minified source with some errors: keep the end.
    throw new Error(`measurement '${what}' failed (exit ${code}): ${(stderr || stdout).trim().slice(-600)}`);
  }
  return JSON.parse(lastLine) as T;
}
