// Training speed against PyTorch (issue 12), measured in the same run: the product (the
// bundled CLI, `dnn train`, every core by default) against PyTorch 1.13 running the same
// model, data, batch size, Adam and validation split (scripts/bench/torch_<model>.py),
// best of its settings (training/torch-run.ts: 1 and 2 threads). Each figure is the best epoch (the validation
// pass included, as Keras counts it); the engine's first epoch also pays for compilation, and its
// default run has as many epochs after it as PyTorch runs over all its settings.
// Where PyTorch is missing the rows say so and how to install it; pytorch-less figures
// (numpy) stay in training.ts.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureInChild } from './training/child';
import { trainWithCli, type CliRun } from './training/cli-run';
import { INSTALL_HINT, TORCH_SETTINGS, torchBaseline, torchMissing, type TorchBaseline } from './training/torch-run';
import type { BenchRow } from './types';

const EXAMPLES = join(__dirname, '..', '..', 'examples');
const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;

interface Work {
  /** Row label. */
  label: string;
  specFile: string;
  /** scripts/bench/torch_<model>.py; undefined when there is none yet. */
  torchModel?: string;
  epochs: number;
  trainLimit?: number;
  samples: number;
  batch: number;
  validationSplit: number;
  target: string;
  /** Print achieved GFLOP/s beside the time. */
  flops: boolean;
  /** The training images and labels PyTorch reads, when the spec's dataset is not MNIST. */
  trainFiles?: [string, string];
}

/**
 * Fashion-MNIST (Debian's dataset-fashion-mnist): half of its pixels are zero where MNIST
 * has 81%, so this row shows what the Dense kernels' skipping of zero inputs is worth on
 * less sparse images.
 */
const FASHION = '/usr/share/datasets/fashion-mnist';

/** The article's MLP on Fashion-MNIST: examples/mnist-mlp.dnn with the idx(...) dataset, written to a temporary folder. */
function fashionSpec(): string | undefined {
  if (!existsSync(join(FASHION, 'train-images-idx3-ubyte.gz'))) return undefined;
  const files = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'].map((name) => JSON.stringify(join(FASHION, `${name}.gz`)));
  const dataset = `idx(train_images=${files[0]}, train_labels=${files[1]}, test_images=${files[2]}, test_labels=${files[3]})`;
  const text = readFileSync(join(EXAMPLES, 'mnist-mlp.dnn'), 'utf8').replace('dataset = mnist', `dataset = ${dataset}`);
  const file = join(mkdtempSync(join(tmpdir(), 'dnn-bench-')), 'fashion-mlp.dnn');
  writeFileSync(file, text);
  return file;
}

const WORK: Work[] = [
  { label: 'article MLP epoch (48,000 + 12,000 validation, batch 128)', specFile: join(EXAMPLES, 'mnist-mlp.dnn'), torchModel: 'mlp', epochs: 4, samples: 60000, batch: 128, validationSplit: 0.2, target: '<= 1.2x', flops: false },
  { label: 'article MLP epoch on Fashion-MNIST (half its pixels zero; MNIST: 81%)', specFile: fashionSpec() ?? `${FASHION}/ (install Debian's dataset-fashion-mnist)`, torchModel: 'mlp', epochs: 4, samples: 60000, batch: 128, validationSplit: 0.2, target: '<= 1.2x', flops: false, trainFiles: [join(FASHION, 'train-images-idx3-ubyte.gz'), join(FASHION, 'train-labels-idx1-ubyte.gz')] },
  { label: 'examples/mnist-cnn.dnn epoch on the first 12,800 images (batch 64)', specFile: join(EXAMPLES, 'mnist-cnn.dnn'), torchModel: 'cnn', epochs: 3, trainLimit: 12800, samples: 12800, batch: 64, validationSplit: 0.1, target: '<= 2x', flops: true },
  { label: 'examples/mnist-resnet.dnn epoch on the first 12,800 images', specFile: join(EXAMPLES, 'mnist-resnet.dnn'), torchModel: existsSync(join(__dirname, 'torch_resnet.py')) ? 'resnet' : undefined, epochs: 3, trainLimit: 12800, samples: 12800, batch: 64, validationSplit: 0.1, target: '<= 2x', flops: true },
];

/** Best epoch after the first (which also compiles), or the only one. */
function bestEpoch(run: CliRun): number {
  const seconds = run.epochs.map((e) => e.seconds);
  return Math.min(...(seconds.length > 1 ? seconds.slice(1) : seconds));
}

export async function run(): Promise<BenchRow[]> {
  const missing = torchMissing();
  if (missing) console.log(`  PyTorch baselines skipped: ${missing}; install it with \`${INSTALL_HINT}\` (training.ts keeps the numpy rows)`);
  const rows: BenchRow[] = [];
  for (const work of WORK) {
    if (!existsSync(work.specFile)) {
      console.log(`  ${work.label}: ${work.specFile} does not exist yet, row left out`);
      continue;
    }
    // As many measured epochs as PyTorch gets over all its settings (each side counts its best;
    // on this VM one epoch can take twice another, so fewer tries would favour PyTorch).
    const dnn = await trainWithCli({ specFile: work.specFile, epochs: 1 + TORCH_SETTINGS.length * work.epochs, trainLimit: work.trainLimit });
    const oneThread = await trainWithCli({ specFile: work.specFile, epochs: work.epochs, trainLimit: work.trainLimit, threads: 1 });
    let torch: TorchBaseline | undefined;
    if (!missing && work.torchModel) torch = torchBaseline({ model: work.torchModel, epochs: work.epochs, samples: work.samples, batch: work.batch, validationSplit: work.validationSplit, trainFiles: work.trainFiles });
    else if (!missing) console.log(`  ${work.label}: no scripts/bench/torch_*.py for it yet, no PyTorch baseline`);
    const baseline = torch && { name: `PyTorch, best of ${torch.bySetting.map((s) => `${s.label} ${round(s.seconds)} s`).join(', ')}`, value: round(torch.secondsPerEpoch) };
    const seconds = bestEpoch(dnn);
    const measured: BenchRow[] = [
      { name: `${work.label}, dnn train (default threads)`, value: round(seconds), unit: 's', baseline, target: baseline ? work.target : undefined },
      { name: `${work.label}, dnn train --threads 1`, value: round(bestEpoch(oneThread)), unit: 's', baseline },
    ];
    if (work.flops) {
      const { flopPerImage } = await measureInChild<{ flopPerImage: number }>('model-flops', [work.specFile]);
      // The training part of the epoch (its validation pass is forward only, and not counted).
      const trained = Math.floor(work.samples * (1 - work.validationSplit));
      console.log(`  ${work.label}: ${round(flopPerImage / 1e6, 2)} MFLOP per image, forward and backward`);
      measured.push({ name: `${work.label}: achieved GFLOP/s of the training part (${round(flopPerImage / 1e6, 1)} MFLOP per image fwd+bwd)`, value: round((trained * flopPerImage) / seconds / 1e9, 2), unit: 'GFLOP/s', baseline: torch && { name: 'PyTorch', value: round((trained * flopPerImage) / torch.secondsPerEpoch / 1e9, 2) } });
    }
    // Printed as soon as measured: a long run cut short keeps what it had.
    for (const row of measured) console.log(`  ${row.name}: ${row.value} ${row.unit}${row.baseline ? ` (${row.baseline.name}: ${row.baseline.value} ${row.unit})` : ''}`);
    rows.push(...measured);
  }
  return rows;
}
