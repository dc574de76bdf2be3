// Starts train.py under torchrun (`python -m torch.distributed.run`) and turns its output
// into the engine's events: train.py prints one `@dnn-event {json}` line per event on rank 0;
// everything else (torchrun's notes, Python warnings) is kept to explain a failure.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { PytorchOptions, TrainEvent } from '../../protocol/engine';
import { EngineError } from '../errors';
import type { StopCheck } from '../loop/training-loop';
import { lastLine } from './python';

const EVENT_PREFIX = '@dnn-event ';
/** Lines of other output kept for the error message. */
const KEPT_LINES = 40;
/** How often a stop request is looked for while PyTorch trains. */
const STOP_POLL_MS = 200;

/**
 * Workers' stdout teed through torchrun (lines prefixed `[default0]:`). Not a choice of
 * style: torch 1.13 (Debian's) on Python 3.11 crashes at start with its default `0` (its
 * Std.from_str finds no NONE member) and with `3`; `1` works everywhere.
 */
const OUTPUT = ['--redirects', '1', '--tee', '1'];

/** torchrun's own arguments: one machine (`--standalone`, a free port) or several (a static rendezvous at `master`). */
export function torchrunArguments(options: PytorchOptions): string[] {
  const nproc = String(options.nproc ?? 1);
  const nnodes = options.nnodes ?? 1;
  if (nnodes === 1 && options.master === undefined) return ['-m', 'torch.distributed.run', '--standalone', '--nnodes', '1', '--nproc_per_node', nproc, ...OUTPUT];
  const [host, port] = splitMaster(options.master);
  return ['-m', 'torch.distributed.run', '--nnodes', String(nnodes), '--node_rank', String(options.nodeRank ?? 0), '--master_addr', host, '--master_port', port, '--nproc_per_node', nproc, ...OUTPUT];
}

function splitMaster(master: string | undefined): [string, string] {
  const match = master === undefined ? null : /^(.+):(\d+)$/.exec(master);
  if (!match) throw new EngineError(`--master must be HOST:PORT (node 0's address, reachable from every machine), got ${master ?? 'nothing'}`, 'input');
  return [match[1], match[2]];
}

export interface TorchrunRun {
  python: string;
  cwd: string;
  /** train.py and its arguments. */
  script: string[];
  options: PytorchOptions;
  onEvent(event: TrainEvent): void;
  shouldStop: StopCheck;
}

/** Resolves when train.py finished on every process; rejects with train.py's own message when it failed, or when stopped. */
export function runTorchrun(run: TorchrunRun): Promise<void> {
  const args = [...torchrunArguments(run.options), ...run.script];
  return new Promise((resolve, reject) => {
    // Its own process group, so a stop ends torchrun and every process it started.
    const child = spawn(run.python, args, { cwd: run.cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const kept: string[] = [];
    const keep = (line: string) => {
      kept.push(line);
      if (kept.length > KEPT_LINES) kept.shift();
    };
    createInterface({ input: child.stdout }).on('line', (line) => {
      const at = line.indexOf(EVENT_PREFIX);
      if (at < 0) return keep(line);
      try {
        run.onEvent(JSON.parse(line.slice(at + EVENT_PREFIX.length)) as TrainEvent);
      } catch {
        keep(line);
      }
    });
    createInterface({ input: child.stderr }).on('line', keep);
    let stopped = false;
    const endGroup = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
    };
    const poll = setInterval(() => {
      if (!stopped && run.shouldStop()) {
        stopped = true;
        endGroup();
      }
    }, STOP_POLL_MS);
    // If this process ends first (Ctrl-C twice, a crash), the training must not run on.
    process.once('exit', endGroup);
    child.on('error', (error) => {
      clearInterval(poll);
      reject(new EngineError(`cannot start ${run.python}: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearInterval(poll);
      process.off('exit', endGroup);
      if (stopped) return reject(new EngineError('stopped: the PyTorch training was ended before it finished, so nothing was saved'));
      if (code === 0) return resolve();
      const own = [...kept].reverse().find((line) => /train\.py: /.test(line));
      const reason = own ? own.slice(own.indexOf('train.py: ') + 'train.py: '.length) : lastError(kept);
      reject(new EngineError(`PyTorch training failed (${signal ?? `exit code ${code}`}): ${reason}`));
    });
  });
}

/** The last Python exception line (`RuntimeError: ...`) of the output, else its last line. */
function lastError(lines: string[]): string {
  const error = [...lines].reverse().find((line) => /^\s*(\[[^\]]*\]:?\s*)?[A-Za-z_.]*(Error|Exception): /.test(line));
  return error?.trim() ?? lastLine(lines.join('\n'));
}
