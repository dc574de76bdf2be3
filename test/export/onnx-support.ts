// Real parts for the ONNX tests: ONNX Runtime (onnxruntime-web's wasm build, in Node) runs an
// exported file, and ONNX's own checker (Debian's python3-onnx, for /usr/bin/python3) checks it.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-web';

const PYTHON = '/usr/bin/python3';

/** Runs `onnx.checker.check_model` with full shape inference; throws with the checker's message (or what to install). */
export function checkOnnx(file: string): void {
  const script = 'import sys, onnx\nm = onnx.load(sys.argv[1])\nonnx.checker.check_model(m, full_check=True)\nprint(m.opset_import[0].version)';
  const run = spawnSync(PYTHON, ['-c', script, file], { encoding: 'utf8', timeout: 60_000 });
  if (run.error) throw new Error(`cannot run ${PYTHON}: ${run.error.message} (install python3-onnx)`);
  if (/No module named 'onnx'/.test(run.stderr)) throw new Error('ONNX for Python is missing: apt-get install python3-onnx');
  if (run.status !== 0) throw new Error(`onnx.checker refused ${file}:\n${run.stderr}`);
  if (Number(run.stdout.trim()) < 13) throw new Error(`${file} has opset ${run.stdout.trim()}, not 13 or later`);
}

/** The model's outputs for `count` samples of `sampleShape`, run by ONNX Runtime in chunks. */
export async function runOnnx(file: string, inputs: Float32Array, count: number, sampleShape: number[], chunk = 1000): Promise<Float32Array> {
  ort.env.wasm.numThreads = 1;
  const session = await ort.InferenceSession.create(readFileSync(file));
  try {
    if (session.inputNames.length !== 1 || session.outputNames.length !== 1) throw new Error(`expected one input and one output, got ${session.inputNames} / ${session.outputNames}`);
    const sampleSize = sampleShape.reduce((a, b) => a * b, 1);
    const parts: Float32Array[] = [];
    for (let start = 0; start < count; start += chunk) {
      const size = Math.min(chunk, count - start);
      const x = new ort.Tensor('float32', inputs.subarray(start * sampleSize, (start + size) * sampleSize), [size, ...sampleShape]);
      const result = await session.run({ [session.inputNames[0]]: x });
      parts.push(Float32Array.from(result[session.outputNames[0]].data as Float32Array));
    }
    const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
    let offset = 0;
    for (const part of parts) {
      out.set(part, offset);
      offset += part.length;
    }
    return out;
  } finally {
    await session.release();
  }
}
