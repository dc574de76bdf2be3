// `dnn train`'s engine flags: `--engine tfjs|pytorch` and the pytorch engine's torchrun
// settings (`--nproc N --nnodes M --node-rank R --master HOST:PORT --device cpu|cuda
// --python PATH`), which make sense only with `--engine pytorch`.
import type { EngineName, PytorchOptions } from '../protocol/engine';
import { UsageError } from './command';
import type { FlagKind } from './run-flags';

export const engineFlags: Record<string, FlagKind> = {
  engine: 'string',
  nproc: 'count',
  nnodes: 'count',
  'node-rank': 'integer',
  master: 'string',
  device: 'string',
  python: 'string',
};

export const engineUsage = `  --engine E        tfjs (default: TensorFlow.js here) or pytorch (torchrun, DistributedDataParallel)
  --nproc N         pytorch: processes on this machine (default 1)
  --nnodes M        pytorch: machines in the job (default 1; run dnn train on each)
  --node-rank R     pytorch: this machine's rank, 0 .. M-1 (node 0 keeps the run)
  --master H:P      pytorch: node 0's address and a free port, reachable from every machine
  --device D        pytorch: cpu (gloo, default) or cuda (NCCL)
  --python PATH     pytorch: the Python with PyTorch (default /usr/bin/python3)`;

export function engineOptions(values: Record<string, string | number | boolean>): { engine?: EngineName; pytorch?: PytorchOptions } {
  const engine = values.engine;
  if (engine !== undefined && engine !== 'tfjs' && engine !== 'pytorch') throw new UsageError(`--engine must be tfjs or pytorch, got '${String(engine)}'`);
  const pytorchOnly = ['nproc', 'nnodes', 'node-rank', 'master', 'device', 'python'].filter((name) => values[name] !== undefined);
  if (engine !== 'pytorch') {
    if (pytorchOnly.length > 0) throw new UsageError(`--${pytorchOnly[0]} needs --engine pytorch`);
    return engine === undefined ? {} : { engine };
  }
  const device = values.device;
  if (device !== undefined && device !== 'cpu' && device !== 'cuda') throw new UsageError(`--device must be cpu or cuda, got '${String(device)}'`);
  const nnodes = values.nnodes as number | undefined;
  const nodeRank = values['node-rank'] as number | undefined;
  if ((nnodes ?? 1) > 1 && values.master === undefined) throw new UsageError('--nnodes > 1 needs --master HOST:PORT (node 0)');
  if (nodeRank !== undefined && (nodeRank < 0 || nodeRank >= (nnodes ?? 1))) throw new UsageError(`--node-rank must be 0 .. ${(nnodes ?? 1) - 1}, got ${nodeRank}`);
  return {
    engine,
    pytorch: {
      nproc: values.nproc as number | undefined,
      nnodes,
      nodeRank,
      master: values.master as string | undefined,
      device,
      python: values.python as string | undefined,
    },
  };
}
