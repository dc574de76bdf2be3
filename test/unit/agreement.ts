// What our analysis and tfjs must agree on, for the property tests (shapes-vs-tfjs.test.ts
// on chains, graph-shapes-vs-tfjs.test.ts on graphs): every layer's output shape and
// parameter count where we know them; a model tfjs refuses is one we refuse; one we refuse
// and tfjs builds is allowed only where Keras refuses what tfjs lets through; the total and
// the shape of a real forward pass of a model both accept.
import assert from 'node:assert/strict';
import { codes } from '../../src/language/codes';
import type { Shape } from '../../src/language/types';
import type { TfjsResult } from './tfjs-reference';

/** Our side: `dnn check --json`'s file object, or an Analysis (undefined and null both mean unknown). */
export interface OurModel {
  layers: readonly { type: string; outputShape?: Shape | null; params?: number | null }[];
  totalParams: number;
  diagnostics: readonly { severity: string; code: string; message: string }[];
}

export type Verdict = { kind: 'accepted' } | { kind: 'rejected by both' } | { kind: 'rejected by us only'; codes: string[] };

export function compareWithTfjs(ours: OurModel, tfjs: TfjsResult, context: string): Verdict {
  // Shape errors; whether the output is a vector of class scores is a training matter.
  const shapeErrors = ours.diagnostics.filter((d) => d.severity === 'error' && d.code.startsWith('DNN3') && d.code !== codes.outputNotClasses.code);
  tfjs.layers.forEach((built, index) => {
    const layer = ours.layers[index];
    if (layer?.outputShape === undefined || layer.outputShape === null) return;
    assert.deepEqual(layer.outputShape, built.outputShape, `${context}\nlayer ${index} (${layer.type}) output shape`);
    assert.equal(layer.params, built.params, `${context}\nlayer ${index} (${layer.type}) params`);
  });
  if (tfjs.error) {
    assert.ok(shapeErrors.length > 0, `${context}\ntfjs refused it (layer ${tfjs.error.index}: ${tfjs.error.message}) but we accepted it`);
    return { kind: 'rejected by both' };
  }
  if (shapeErrors.length > 0) {
    // We may be stricter than tfjs only where tfjs builds an empty tensor (a window larger
    // than its input gives a size-0 axis, which tfjs lets through and Keras refuses), or
    // works along the batch axis (a normalisation with nothing to learn, Concatenate(axis=0)).
    const empty = tfjs.layers.some((built) => built.outputShape.some((dim) => dim === 0));
    const batchAxis = shapeErrors.every((error) => error.code === codes.invalidAxis.code && /Normalization axis|batch/.test(error.message));
    assert.ok(empty || batchAxis, `${context}\nwe refused it (${shapeErrors[0]?.code} ${shapeErrors[0]?.message}) but tfjs builds and runs it`);
    return { kind: 'rejected by us only', codes: shapeErrors.map((error) => error.code) };
  }
  assert.equal(ours.totalParams, tfjs.totalParams, `${context}\ntotal params`);
  const final = ours.layers[ours.layers.length - 1]?.outputShape;
  assert.deepEqual([1, ...(final?.slice(1) ?? [])], tfjs.predictedShape, `${context}\nforward pass shape`);
  return { kind: 'accepted' };
}

/** The verdicts of a run, for its summary and its "the test proves enough" checks. */
export class Tally {
  accepted = 0;
  rejectedByBoth = 0;
  readonly rejectedByUsOnly = new Map<string, number>();
  /** Layer types seen in models both accepted. */
  readonly typesAccepted = new Set<string>();

  count(verdict: Verdict, layers: readonly { type: string }[]): void {
    if (verdict.kind === 'rejected by both') this.rejectedByBoth++;
    else if (verdict.kind === 'rejected by us only') for (const code of verdict.codes) this.rejectedByUsOnly.set(code, (this.rejectedByUsOnly.get(code) ?? 0) + 1);
    else {
      this.accepted++;
      for (const layer of layers) this.typesAccepted.add(layer.type);
    }
  }

  describe(models: string): string {
    return `${this.accepted} ${models} accepted by both, ${this.rejectedByBoth} rejected by both, rejected by us only: ${JSON.stringify(Object.fromEntries(this.rejectedByUsOnly))}`;
  }
}
