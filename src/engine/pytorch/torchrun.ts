// Starts train.py under torchrun (`python -m torch.distributed.run`) and turns its output
// into the engine's events: train.py prints one `@dnn-event {json}` line per event on rank 0;
// everything else (torchrun's notes, Python warnings) is kept to explain a failure.
// A stop creates the stop file train.py looks for before every step (all its processes agree
// on the step, then rank 0 saves the weights); signals would not do: torchrun ends its
// workers at once on SIGTERM or SIGINT, and the weights with them.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
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
/** How long train.py may take to finish its step and save after a stop, before it is ended. */
export const STOP_GRACE_MS = 15_000;

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
  /** The file whose creation asks train.py to stop (its --stop-file). */
  stopFile: string;
  options: PytorchOptions;
  onEvent(event: TrainEvent): void;
  shouldStop: StopCheck;
}

/**
 * Resolves when train.py finished on every process, also after a stop (it then saved the
 * weights so far); rejects with train.py's own message when it failed, or when it did not end
 * within STOP_GRACE_MS of a stop and had to be ended.
 */
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
    let ended = false;
    let graceTimer: NodeJS.Timeout | undefined;
    const endGroup = (signal: NodeJS.Signals = 'SIGTERM') => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, signal);
      } catch {
        // Already gone.
      }
    };
    const poll = setInterval(() => {
      if (stopped || !run.shouldStop()) return;
      stopped = true;
      try {
        writeFileSync(run.stopFile, 'stop\n');
      } catch {
        // The grace timer below still ends the job.
      }
      graceTimer = setTimeout(() => {
        ended = true;
        endGroup();
        // torchrun waits for its workers; a worker stuck in a collective may need more.
        setTimeout(() => endGroup('SIGKILL'), 2_000).unref();
      }, STOP_GRACE_MS);
    }, STOP_POLL_MS);
    // If this process ends first (Ctrl-C twice, a crash), the training must not run on.
    const onExit = () => endGroup();
    process.once('exit', onExit);
    const finish = () => {
      clearInterval(poll);
      clearTimeout(graceTimer);
      process.off('exit', onExit);
    };
    child.on('error', (error) => {
      finish();
      reject(new EngineError(`cannot start ${run.python}: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      finish();
      if (ended) return reject(new EngineError(`stopped: the PyTorch training did not stop within ${STOP_GRACE_MS / 1000} s of the stop request and was ended, so its weights could not be saved`));
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
