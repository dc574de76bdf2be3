// Child-process entry of the training benchmark: `measure.ts WHAT [ARGS]` runs one
// measurement and prints its result as the last line of stdout, in JSON.
import { measureCnnStep } from './cnn-step';
import { measureEngineRun } from './engine-run';
import { measureModelFlops } from './model-flops';
import { measureStockFit } from './stock-fit';

const measurements: Record<string, (args: string[]) => Promise<unknown>> = {
  'engine-run': (args) => measureEngineRun(Number(args[0])),
  'stock-fit': (args) => measureStockFit(args[0] as 'wasm' | 'cpu', Number(args[1])),
  'cnn-step': (args) => measureCnnStep(args[0] as 'wasm' | 'cpu', Number(args[1])),
  'model-flops': (args) => measureModelFlops(args[0]),
};

async function main(): Promise<void> {
  const [what, ...args] = process.argv.slice(2);
  const measure = measurements[what];
  if (!measure) throw new Error(`unknown measurement '${what}'; known: ${Object.keys(measurements).join(', ')}`);
  console.log(JSON.stringify(await measure(args)));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
