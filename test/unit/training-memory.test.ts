// The training-memory estimate (issue 10): weights, gradients, the optimizer's state (slots
// from the catalogue) and one batch of activations and their gradients, from shapes alone; the
// verdict that `dnn check` warns with and `dnn train` refuses with.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyze } from '../../src/language/analyzer';
import { wasmMemoryLimit } from '../../src/language/checks-size';
import { specTensorSizes } from '../../src/language/spec-shapes';
import { judgeTrainingMemory, trainingMemory, WASM_HEAP_BYTES } from '../../src/language/training-memory';
import type { ModelSpec } from '../../src/language/types';

const root = join(__dirname, '..', '..');
function specOf(text: string): ModelSpec {
  const analysis = analyze(text);
  assert.ok(analysis.spec, analysis.diagnostics.map((d) => d.message).join('\n'));
  return analysis.spec;
}
const hostile = (name: string) => specOf(readFileSync(join(root, 'test', 'hostile', name), 'utf8'));
const memoryOf = (spec: ModelSpec, batchSize = spec.fit.batchSize) => trainingMemory(specTensorSizes(spec), spec.compile.optimizer, batchSize);

describe('training memory', () => {
  it('the article MLP: exact bytes, and no verdict', () => {
    const spec = specOf(readFileSync(join(root, 'examples', 'mnist-mlp.dnn'), 'utf8'));
    const memory = memoryOf(spec);
    assert.equal(memory.parameters, 55_050);
    assert.equal(memory.weightBytes, 220_200);
    assert.equal(memory.optimizerBytes, 2 * 220_200);
    // (784 + 64 + 64 + 10) values a sample, kept and differentiated, for 128 samples.
    assert.equal(memory.activationBytes, 2 * 922 * 128 * 4);
    assert.equal(memory.totalBytes, 4 * 220_200 + 2 * 922 * 128 * 4);
    assert.equal(judgeTrainingMemory(memory, wasmMemoryLimit), undefined);
  });

  it("the optimizer's state comes from the catalogue: sgd none, momentum one, centered rmsprop three", () => {
    const with_ = (optimizer: string) => memoryOf(specOf(readFileSync(join(root, 'examples', 'mnist-mlp.dnn'), 'utf8').replace(/optimizer = .*/, `optimizer = ${optimizer}`)));
    assert.equal(with_('sgd(learning_rate=0.1)').optimizerBytes, 0);
    assert.equal(with_('sgd(momentum=0.9)').optimizerBytes, 220_200);
    assert.equal(with_('rmsprop(centered=true)').optimizerBytes, 3 * 220_200);
  });

  it('the heap limit is what tfjs-backend-wasm can grow to: 65535 pages of 64 KiB', () => {
    assert.equal(WASM_HEAP_BYTES, 65_535 * 65_536);
    const glue = readFileSync(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.node.js'), 'utf8');
    assert.match(glue, new RegExp(`getHeapMax\\(\\) \\{ return ${WASM_HEAP_BYTES};`));
  });

  it('Conv2D(100000, 3) of the issue: too large, with the figure and what to change', () => {
    const verdict = judgeTrainingMemory(memoryOf(hostile('conv2d-100000.dnn')), wasmMemoryLimit);
    assert.deepEqual(verdict, {
      kind: 'too-large',
      message:
        'training needs about 42.3 GiB (weights 2.5 GiB, gradients 2.5 GiB, adam state 5.0 GiB, one batch of 32: 32.2 GiB), more than the 4.0 GiB the wasm backend can grow its memory to: ' +
        "give dense (676,000,010 parameters) fewer units or filters, or a smaller input; make conv2d's output (26x26x100000 values per sample) smaller: fewer filters, or more pooling or strides before it",
    });
  });

  it('Dense(200000) at batch 128 of the issue: fits the heap, but said to be large', () => {
    const verdict = judgeTrainingMemory(memoryOf(hostile('dense-200000.dnn')), wasmMemoryLimit);
    assert.equal(verdict?.kind, 'large');
    assert.equal(
      verdict.message,
      'the model has 159,000,010 parameters and training needs about 2.6 GiB (weights 606.5 MiB, gradients 606.5 MiB, adam state 1.2 GiB, one batch of 128: 196.1 MiB): ' +
        'expect a slow run and a process larger than that; give dense (157,000,000 parameters) fewer units or filters, or a smaller input to train faster',
    );
  });

  it('a batch too large for a small model: the batch_size it names fits, one more does not', () => {
    const spec = specOf('model Wide {\n  Input(shape=[28, 28, 1])\n  Conv2D(256, 3, padding=same, activation=relu)\n  GlobalMaxPooling2D()\n  Dense(10, activation=softmax)\n}\nfit {\n  batch_size = 4096\n}\n');
    const verdict = judgeTrainingMemory(memoryOf(spec), wasmMemoryLimit);
    assert.equal(verdict?.kind, 'too-large');
    const named = Number(/use a batch_size of ([\d,]+) or less/.exec(verdict.message)?.[1].replace(/,/g, ''));
    assert.ok(memoryOf(spec, named).totalBytes <= WASM_HEAP_BYTES);
    assert.ok(memoryOf(spec, named + 1).totalBytes > WASM_HEAP_BYTES);
  });
});
