// Our WebAssembly SIMD kernels (kernels.c), instantiated once per wasm backend on that
// backend's own heap: they read and write tensors where tfjs keeps them, with no copy. The
// stock single-threaded build's heap is an ordinary WebAssembly.Memory, the threaded
// build's a shared one: each gets the module compiled for it.
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type * as tf from '@tensorflow/tfjs';
import { SHARED_MEMORY_KERNELS, SINGLE_MEMORY_KERNELS } from './kernels-wasm';

/** The exports of kernels.c; every pointer is a byte offset in the backend's heap. */
export interface SimdKernelExports {
  conv2d_filter_gradient(x: number, dy: number, dw: number, batch: number, outHeight: number, outWidth: number, outChannels: number,
    inChannels: number, filterHeight: number, filterWidth: number, sampleStride: number, rowStride: number,
    strideHeight: number, strideWidth: number, dilationHeight: number, dilationWidth: number): void;
  conv2d_forward(x: number, w: number, packed: number, y: number, batch: number, outHeight: number, outWidth: number, outChannels: number,
    inChannels: number, filterHeight: number, filterWidth: number, sampleStride: number, rowStride: number,
    strideHeight: number, strideWidth: number, dilationHeight: number, dilationWidth: number): void;
  matmul(a: number, b: number, c: number, rows: number, columns: number, inner: number, aRow: number, aColumn: number): void;
  transpose(x: number, out: number, rows: number, columns: number): void;
  pad_channels_last(x: number, out: number, batch: number, height: number, width: number, channels: number,
    paddedHeight: number, paddedWidth: number, top: number, left: number): void;
  max_pool_grad_2x2(x: number, dy: number, dx: number, batch: number, height: number, width: number, channels: number, outHeight: number, outWidth: number): void;
  max_pool_grad(x: number, dy: number, dx: number, batch: number, height: number, width: number, channels: number, outHeight: number, outWidth: number,
    filterHeight: number, filterWidth: number, strideHeight: number, strideWidth: number, padTop: number, padLeft: number): void;
  sum_rows(x: number, out: number, rows: number, width: number): void;
  binary_rows(operation: number, a: number, b: number, out: number, rows: number, width: number, aStep: number, bStep: number): void;
  tile(x: number, out: number, s0: number, s1: number, s2: number, s3: number, s4: number, s5: number, r0: number, r1: number, r2: number, r3: number, r4: number, r5: number): void;
  dense_forward(x: number, rows: number, inSize: number, w: number, bias: number, units: number, out: number, relu: number, offsets: number, values: number): void;
  dense_weight_gradient(x: number, rows: number, inSize: number, dy: number, units: number, dw: number, dbias: number, offsets: number, values: number): void;
  adam_update(w: number, g: number, m: number, v: number, out: number, n: number, beta1: number, beta2: number, oneMinusBeta1: number,
    oneMinusBeta2: number, epsilon: number, negativeLearningRate: number, inverseBiasCorrection1: number, inverseBiasCorrection2: number): void;
  weighted_sum(slots: number, ranks: number, stride: number, n: number, weights: number, out: number): void;
  dense_input_gradient(dy: number, rows: number, units: number, w: number, inSize: number, a: number, derivative: number, dx: number): void;
}

/** The few parts of Emscripten's module object used here (not in tfjs's type declarations). */
export interface EmscriptenHeap {
  asm?: { memory?: WebAssemblyMemory };
  /** The threaded build creates its shared memory in JavaScript and keeps it here. */
  wasmMemory?: WebAssemblyMemory;
  _malloc(bytes: number): number;
  _free(address: number): void;
  /** The heap as floats (replaced when the heap grows). */
  HEAPF32: Float32Array;
}

interface WebAssemblyMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
}

/** tsconfig's libraries declare no WebAssembly global; Node, browsers and VS Code's host have it. */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

/** The module's own stack: its default start (66560) lies inside tfjs's heap. */
const STACK_BYTES = 65536;

const instances = new WeakMap<BackendWasm, SimdKernelExports>();

/** The kernels on `backend`'s heap, instantiated on first use. */
export function simdKernels(backend: BackendWasm): SimdKernelExports {
  let kernels = instances.get(backend);
  if (kernels === undefined) {
    kernels = instantiate(backend);
    instances.set(backend, kernels);
  }
  return kernels;
}

/** A tensor's byte offset in the backend's heap. */
export function heapAddress(backend: BackendWasm, tensor: tf.TensorInfo): number {
  return backend.dataIdMap.get(tensor.dataId)!.memoryOffset;
}

function instantiate(backend: BackendWasm): SimdKernelExports {
  const heap = backend.wasm as unknown as EmscriptenHeap;
  const memory = heap.asm?.memory ?? heap.wasmMemory;
  if (memory === undefined) throw new Error('the wasm backend exposes no memory for the SIMD kernels');
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  const api = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;
  const bytes = Buffer.from(shared ? SHARED_MEMORY_KERNELS : SINGLE_MEMORY_KERNELS, 'base64');
  const instance = new api.Instance(new api.Module(bytes), { env: { memory } });
  // The stack grows down from its top, which must be 16-byte aligned.
  const stackBase = heap._malloc(STACK_BYTES + 16);
  (instance.exports['__stack_pointer'] as { value: number }).value = (stackBase + STACK_BYTES + 16) & ~15;
  return instance.exports as unknown as SimdKernelExports;
}
