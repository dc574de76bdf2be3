// Chooses the TensorFlow.js backend: wasm (XNNPACK, several times faster) by default,
// loading its .wasm binaries from local files (dist/wasm next to the bundle, or
// node_modules from source), never from a URL; the pure-JS cpu backend when asked for or
// when wasm cannot start, with a note saying so.
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { join, sep } from 'node:path';
import { installWasmKernelFixes } from './fast/kernels';
import { findUpward } from './locate';
import type { BackendName } from '../protocol/engine';

export interface BackendChoice {
  backend: BackendName;
  /** Why the backend is not the one asked for, for the user to see. */
  note?: string;
}

const WASM_BINARY = 'tfjs-backend-wasm.wasm';

/** The folder with the tfjs wasm binaries, or undefined when they are nowhere to be found. */
export function wasmDirectory(startDir: string = __dirname): string | undefined {
  return findUpward(startDir, ['wasm', join('node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist')], WASM_BINARY);
}

let wasmPathsSet = false;

/**
 * Activates the backend (once per process or worker; calling again with the same name is
 * cheap). `wasmFolder` is where the wasm binaries are, null when they are not to be found
 * (found by default; tests pass others).
 */
export async function initBackend(preferred: BackendName = 'wasm', wasmFolder: string | null = wasmDirectory() ?? null): Promise<BackendChoice> {
  // Production mode skips tfjs's debug checks and its "install tfjs-node" console banner.
  tf.enableProdMode();
  if (preferred === 'cpu') return { backend: await activate('cpu') };
  const note = await tryWasm(wasmFolder);
  if (note === undefined) return { backend: 'wasm' };
  return { backend: await activate('cpu'), note };
}

/** Undefined when wasm is active, otherwise the reason it is not. */
async function tryWasm(folder: string | null): Promise<string | undefined> {
  if (tf.getBackend() === 'wasm') return undefined;
  if (!wasmPathsSet) {
    if (!folder) return `the wasm backend's binaries (${WASM_BINARY}) were not found next to the extension; training on the slower cpu backend`;
    setWasmPaths(folder.endsWith(sep) ? folder : folder + sep);
    wasmPathsSet = true;
  }
  try {
    if (await tf.setBackend('wasm')) {
      await tf.ready();
      // Faster matmul/slice/gather/identity kernels and the missing Conv2D filter gradient.
      installWasmKernelFixes();
      return undefined;
    }
  } catch {
    // setBackend reports failures by returning false; a throw means the same thing here.
  }
  return 'the wasm backend could not start; training on the slower cpu backend';
}

async function activate(name: BackendName): Promise<BackendName> {
  if (tf.getBackend() !== name) {
    await tf.setBackend(name);
    await tf.ready();
  }
  return name;
}
