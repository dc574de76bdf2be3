// The Python that runs the pytorch engine, and the check that it has PyTorch: a missing
// interpreter or a missing torch is said in one sentence naming what to install.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { EngineError } from '../errors';

/** Debian's python3-torch is for /usr/bin/python3 only; a `python3` earlier on PATH may lack it. */
export function defaultPython(): string {
  return existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
}

export const INSTALL_HINT = 'apt-get install python3-torch libopenblas0-pthread (Debian/Ubuntu), or pip install torch';

/** How long the check may take: importing torch on a loaded machine takes seconds. */
const CHECK_TIMEOUT_MS = 120_000;

/** Resolves with PyTorch's version; rejects with what to install when `python` or its torch is missing. */
export function checkTorch(python: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, ['-c', 'import torch, torch.distributed.run; print(torch.__version__)'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), CHECK_TIMEOUT_MS);
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      const why = error.code === 'ENOENT' ? 'no such program' : error.message;
      reject(new EngineError(`the pytorch engine needs Python with PyTorch, but ${python} cannot be run (${why}): install them (${INSTALL_HINT}) or name another interpreter with --python (dnn.python in VS Code)`, 'input'));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) return resolve(stdout.trim());
      const missing = /No module named '?torch/.test(stderr);
      const reason = missing ? 'PyTorch is not installed for it' : `importing torch failed: ${lastLine(stderr)}`;
      reject(new EngineError(`the pytorch engine cannot use ${python}: ${reason}; install it (${INSTALL_HINT}) or name another interpreter with --python (dnn.python in VS Code)`, 'input'));
    });
  });
}

export function lastLine(text: string): string {
  const lines = text.split('\n').map((line) => line.trim()).filter(Boolean);
  return lines[lines.length - 1] ?? '(no output)';
}
