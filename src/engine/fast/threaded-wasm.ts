// The wasm backend with threads: tfjs-backend-wasm ships a threaded SIMD build (XNNPACK runs
// its matrix products and convolutions on a pool of threads) but turns it off in Node (tfjs
// issue 3830: its loader hands Emscripten Blob URLs, which Node's worker_threads cannot
// start). We load that build ourselves: Emscripten's Node support starts its pthreads as
// worker_threads from two files we write once per tfjs version (the pthread worker script
// and the module's factory), and the 'wasm' backend is re-registered to use it. The kernels
// and everything else stay the stock ones (and our fixes, installed on top as usual).
import * as tf from '@tensorflow/tfjs';
import { BackendWasm, version_wasm } from '@tensorflow/tfjs-backend-wasm';
import { mkdirSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomicSync } from '../../files/atomic-write';
// Emscripten's outputs inside the package (CommonJS, no type declarations).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const threadedFactory = require('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js') as ThreadedFactory;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { wasmWorkerContents } = require('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js') as { wasmWorkerContents: string };

/** The two constants of the factory we set (see writeThreadFiles), spaced as Emscripten or a bundler prints them. */
const POOL_SIZE = /var pthreadPoolSize\s*=\s*8\s*;/;
const LOGICAL_CORES = /return\s+require\s*\(\s*["']os["']\s*\)\s*\.\s*cpus\s*\(\s*\)\s*\.\s*length/;
/** The wasm backend's priority in tfjs-backend-wasm (base.ts). */
const WASM_PRIORITY = 2;
const BINARY = 'tfjs-backend-wasm-threaded-simd.wasm';

interface PThreadWorker {
  unref(): void;
}

interface ThreadedModule {
  cwrap(name: string, returns: string | null, args: string[]): (...args: number[]) => number;
  tfjs?: unknown;
  PThread: { pthreads: Record<string, PThreadWorker> };
}

type ThreadedFactory = ((config: { locateFile: (path: string) => string; mainScriptUrlOrBlob: string }) => Promise<ThreadedModule>) & { toString(): string };

/** True when this build of Node can run it (shared wasm memory, worker_threads, SIMD). */
export function threadsSupported(): boolean {
  // tsconfig's libraries declare no WebAssembly global; Node has it.
  const wasm = (globalThis as { WebAssembly?: { Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => { buffer: unknown } } }).WebAssembly;
  try {
    return wasm !== undefined && new wasm.Memory({ initial: 1, maximum: 1, shared: true }).buffer instanceof SharedArrayBuffer;
  } catch {
    return false;
  }
}

/**
 * Makes the next `tf.setBackend('wasm')` start the threaded build with `threads` threads
 * (the calling thread counts as one), its binary read from `wasmFolder`.
 */
export function useThreadedWasm(threads: number, wasmFolder: string): void {
  const files = writeThreadFiles(threads);
  tf.removeBackend('wasm');
  tf.registerBackend(
    'wasm',
    async () => {
      const factory = createRequire(__filename)(files.main) as ThreadedFactory;
      const module = await factory({
        locateFile: (path) => (path.endsWith('.worker.js') ? files.worker : join(wasmFolder, BINARY)),
        mainScriptUrlOrBlob: files.main,
      });
      const initWithThreadsCount = module.cwrap('init_with_threads_count', null, ['number']);
      // The bridge tfjs's own loader (backend_wasm.ts, init) sets up.
      module.tfjs = {
        init: module.cwrap('init', null, []),
        // Always our count: BackendWasm's constructor passes the package's own setting.
        initWithThreadsCount: () => initWithThreadsCount(threads),
        getThreadsCount: module.cwrap('get_threads_count', 'number', []),
        registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
        disposeData: module.cwrap('dispose_data', null, ['number']),
        dispose: module.cwrap('dispose', null, []),
      };
      // The constructor creates XNNPACK's thread pool (threads − 1 pthreads).
      const backend = new BackendWasm(module as unknown as ConstructorParameters<typeof BackendWasm>[0]);
      // Let the process exit while the pool's threads wait for work.
      for (const worker of Object.values(module.PThread.pthreads)) worker.unref();
      return backend;
    },
    WASM_PRIORITY,
  );
}

/**
 * The pthread worker script and the module's factory as files (Node starts workers from
 * files; the workers load the factory too). Two constants of the factory are set for
 * `threads`: Emscripten's pool of workers started up front (8: ~140 MB of memory we would
 * not use) and the processor count the module's static constructors read (it caps its
 * thread pool at half of it, assuming two hardware threads per core).
 */
function writeThreadFiles(threads: number): { worker: string; main: string } {
  const folder = join(tmpdir(), `dnn-tfjs-wasm-threads-${version_wasm}`);
  const files = { worker: join(folder, 'pthread-worker.js'), main: join(folder, `threaded-simd-${threads}.js`) };
  mkdirSync(folder, { recursive: true });
  // The worker script is kept in a JavaScript string whose `\n` escapes must stay escapes
  // (tfjs's loader does the same replacement before making its Blob).
  writeOnce(files.worker, wasmWorkerContents.replace(/\n/g, '\\n'));
  const source = threadedFactory
    .toString()
    .replace(POOL_SIZE, `var pthreadPoolSize=${threads - 1};`)
    .replace(LOGICAL_CORES, `return ${2 * threads}`);
  if (!source.includes(`var pthreadPoolSize=${threads - 1};`) || !source.includes(`return ${2 * threads}`)) {
    throw new Error(`the threaded wasm build of tfjs-backend-wasm ${version_wasm} is not the one dnn knows how to start`);
  }
  writeOnce(files.main, `var WasmBackendModuleThreadedSimd = ${source};\nif (typeof module === 'object') module.exports = WasmBackendModuleThreadedSimd;\n`);
  return files;
}

/** Writes a file unless it exists; through a temporary name, so a concurrent process never reads half of it. */
function writeOnce(path: string, contents: string): void {
  if (existsSync(path)) return;
  writeFileAtomicSync(path, contents);
}
