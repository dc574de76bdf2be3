// `npm run bench`: runs every benchmark module in scripts/bench/ (each exports
// `run(): Promise<BenchRow[]>`), then prints one table: value, baseline, ratio, target and
// whether it is met. `npm run bench -- training` runs only the modules whose file name
// contains one of the given words.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { formatTable, meetsTarget } from './bench-table';
import type { BenchRow } from './bench/types';

async function main(): Promise<void> {
  const filters = process.argv.slice(2);
  const folder = join(__dirname, 'bench');
  const modules = readdirSync(folder)
    .filter((file) => file.endsWith('.ts') && file !== 'types.ts')
    .filter((file) => filters.length === 0 || filters.some((word) => file.includes(word)))
    .sort();
  if (modules.length === 0) throw new Error(`no benchmark module in ${folder} matches ${filters.join(', ')}`);
  const results: { module: string; row: BenchRow }[] = [];
  let failures = 0;
  for (const file of modules) {
    const module = file.replace(/\.ts$/, '');
    const started = Date.now();
    console.log(`running ${module} ...`);
    try {
      const { run } = (await import(join(folder, file))) as { run?: () => Promise<BenchRow[]> };
      if (typeof run !== 'function') throw new Error(`${file} exports no run() function`);
      for (const row of await run()) results.push({ module, row });
      console.log(`  ${module} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } catch (error) {
      failures++;
      console.error(`  ${module} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  console.log(`\n${formatTable(results)}\n`);
  const checked = results.map(({ row }) => meetsTarget(row)).filter((met) => met !== undefined);
  console.log(`${checked.filter(Boolean).length} of ${checked.length} targets met; ${failures} module(s) failed`);
  process.exitCode = failures > 0 ? 1 : 0;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
