// What dnn itself predicts for a run on its test set, for the exports to be compared with:
// the engine's model from the spec, the run's weights, the full test set, dnn's backend.
import { initBackend } from '../../src/engine/backend';
import { buildModel } from '../../src/engine/build-model';
import { loadTestSet, scalePixels } from '../../src/engine/data/dataset';
import { SeededRandom } from '../../src/engine/rng';
import { loadSavedWeights } from '../../src/engine/saved-model';
import { scoreSamples } from '../../src/engine/scoring';
import { loadSpec } from '../../src/engine/spec-file';
import type { ModelSpec } from '../../src/language/types';

export interface Reference {
  spec: ModelSpec;
  /** The scaled test images, one after the other, as the model takes them. */
  inputs: Float32Array;
  labels: Uint8Array;
  count: number;
  /** count × classes outputs of dnn's model. */
  outputs: Float32Array;
  classes: number;
}

export async function dnnPredictions(specFile: string, runDir: string, limit?: number): Promise<Reference> {
  await initBackend('wasm');
  const spec = await loadSpec(specFile);
  const { test } = await loadTestSet(spec.fit.dataset, specFile, limit);
  const built = buildModel(spec, new SeededRandom(0));
  try {
    await loadSavedWeights(built.model, runDir);
    const inputs = scalePixels(test.pixels);
    const outputs = scoreSamples(built, inputs, test.labels, { keepOutputs: true }).outputs as Float32Array;
    return { spec, inputs, labels: test.labels, count: test.count, outputs, classes: built.encoding.classes };
  } finally {
    built.model.dispose();
  }
}

export interface Agreement {
  maxAbsDiff: number;
  /** Samples whose predicted class differs. */
  mismatchedClasses: number;
}

export function agreement(reference: Reference, outputs: Float32Array): Agreement {
  return compareOutputs(reference.outputs, outputs, reference.classes);
}

/** How far `actual` is from `expected` (both count × classes, flat). */
export function compareOutputs(expected: Float32Array, actual: Float32Array, classes: number): Agreement {
  if (actual.length !== expected.length) throw new Error(`expected ${expected.length} outputs, got ${actual.length}`);
  let maxAbsDiff = 0;
  let mismatchedClasses = 0;
  for (let i = 0; i < expected.length / classes; i++) {
    let best = 0;
    let bestOther = 0;
    for (let j = 0; j < classes; j++) {
      const k = i * classes + j;
      maxAbsDiff = Math.max(maxAbsDiff, Math.abs(actual[k] - expected[k]));
      if (expected[k] > expected[i * classes + best]) best = j;
      if (actual[k] > actual[i * classes + bestOther]) bestOther = j;
    }
    if (best !== bestOther) mismatchedClasses++;
  }
  return { maxAbsDiff, mismatchedClasses };
}
