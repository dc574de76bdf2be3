// VS Code loads a test module as JavaScript: the suite is bundled into one CommonJS file
// (`vscode` stays external: the extension host provides it).
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const suiteSource = join(dirname(fileURLToPath(import.meta.url)), 'suite.ts');

export async function bundleSuite(outFile: string): Promise<void> {
  await build({
    entryPoints: [suiteSource],
    outfile: outFile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
}
