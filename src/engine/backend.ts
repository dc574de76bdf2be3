// Chooses the TensorFlow.js backend: wasm (XNNPACK, several times faster) by default,
// loading its .wasm binaries from local files (dist/wasm next to the bundle, or
// node_modules from source), never from a URL; the pure-JS cpu backend when asked for or
// when wasm cannot start, with a note saying so. wasm uses every core by default (the
// threaded build, fast/threaded-wasm.ts); `threads = 1` keeps it to one.
import * as tf from '@tensorflow/tfjs';
import { type BackendWasm, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { availableParallelism } from 'node:os';
import { join, sep } from 'node:path';
import { EngineError } from './errors';
import { installWasmKernelFixes } from './fast/kernels';
import { threadsSupported, useThreadedWasm } from './fast/threaded-wasm';
import { findUpward } from './locate';
import type { BackendName } from '../protocol/engine';

export interface BackendChoice {
  backend: BackendName;
  /** Threads the backend computes with (wasm: XNNPACK's pool, the calling thread included). */
  threads: number;
  /** Why the backend is not the one asked for, for the user to see. */
  note?: string;
}

const WASM_BINARY = 'tfjs-backend-wasm.wasm';
/** Emscripten's pthread pool in the threaded build holds 8 workers. */
const MAX_THREADS = 8;

/** Every core this process may use, up to MAX_THREADS. */
export function defaultThreads(): number {
  return Math.min(availableParallelism(), MAX_THREADS);
}

/** The folder with the tfjs wasm binaries, or undefined when they are nowhere to be found. */
export function wasmDirectory(startDir: string = __dirname): string | undefined {
  return findUpward(startDir, ['wasm', join('node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist')], WASM_BINARY);
}

let wasmPathsSet = false;

/**
 * Activates the backend (once per process or worker; calling again with the same name is
 * cheap, and keeps the thread count it started with). `wasmFolder` is where the wasm
 * binaries are, null when they are not to be found (found by default; tests pass others).
 * `threads` (wasm only): 1 for the single-threaded build, more for the threaded one.
 */
export async function initBackend(preferred: BackendName = 'wasm', wasmFolder: string | null = wasmDirectory() ?? null, threads: number = defaultThreads()): Promise<BackendChoice> {
  if (!Number.isInteger(threads) || threads < 1) throw new EngineError(`threads must be a whole number of at least 1, got ${threads}`, 'input');
  // Production mode skips tfjs's debug checks and its "install tfjs-node" console banner.
  tf.enableProdMode();
  if (preferred === 'cpu') return { backend: await activate('cpu'), threads: 1 };
  const note = await tryWasm(wasmFolder, threads);
  if (note === undefined) return { backend: 'wasm', threads: (tf.backend() as BackendWasm).wasm.tfjs.getThreadsCount() };
  return { backend: await activate('cpu'), threads: 1, note };
}

/** Undefined when wasm is active, otherwise the reason it is not. */
async function tryWasm(folder: string | null, threads: number): Promise<string | undefined> {
  if (tf.getBackend() === 'wasm') return undefined;
  if (!wasmPathsSet) {
    if (!folder) return `the wasm backend's binaries (${WASM_BINARY}) were not found next to the extension; training on the slower cpu backend`;
    setWasmPaths(folder.endsWith(sep) ? folder : folder + sep);
    wasmPathsSet = true;
  }
  if (threads > 1 && folder && threadsSupported()) {
    // The threaded build; when it cannot start, the stock single-threaded one.
    const stock = tf.engine().registryFactory['wasm'];
    try {
      useThreadedWasm(threads, folder);
      if (await startWasm()) return undefined;
    } catch {
      // Its files could not be written, or this tfjs's build is not the one we know how to start.
    }
    tf.removeBackend('wasm');
    tf.registerBackend('wasm', stock.factory, stock.priority);
  }
  if (await startWasm()) return undefined;
  return 'the wasm backend could not start; training on the slower cpu backend';
}

async function startWasm(): Promise<boolean> {
  try {
    if (await tf.setBackend('wasm')) {
      await tf.ready();
      // Faster matmul/slice/gather/identity kernels and the missing Conv2D filter gradient.
      installWasmKernelFixes();
      return true;
    }
  } catch {
    // setBackend reports failures by returning false; a throw means the same thing here.
  }
  return false;
}

async function activate(name: BackendName): Promise<BackendName> {
  if (tf.getBackend() !== name) {
    await tf.setBackend(name);
    await tf.ready();
  }
  return name;
}
