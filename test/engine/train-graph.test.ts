// Training a graph model on real MNIST images: a residual Add, a Subtract (our own layer) and
// a Concatenate of both branches. It learns, its run is saved with the graph (tfjs reads it
// back, Subtract included), and evaluating the run gives the accuracy training reported.
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { evaluate } from '../../src/engine/evaluate';
import { specHash } from '../../src/engine/runs';
import { loadSpec } from '../../src/engine/spec-file';
import { train } from '../../src/engine/train';
import type { RunMetrics } from '../../src/protocol/engine';
import { tempDir } from './idx-files';
import { writeSpec } from './specs';

const graphText = `model TestGraph {
    x = Input(shape=[784])
    h = Dense(32, activation=relu)
    a = Dense(32, activation=relu)
    b = Dense(32)(a)
    r = Add()([h, b])
    d = Subtract()([h, a])
    Concatenate()([r, d])
    Dense(10, activation=softmax)
}

compile {
    optimizer = adam(learning_rate=0.002)
    loss = categorical_crossentropy
    metrics = [accuracy]
}

fit {
    dataset = mnist
    epochs = 2
    batch_size = 32
    validation_split = 0.1
    seed = 5
}
`;

describe('training a graph model', { timeout: 300_000 }, () => {
  it('learns on 3,000 MNIST images; the saved run reloads and evaluates to the same accuracy', async () => {
    const dir = tempDir();
    const specFile = writeSpec(dir, graphText);
    const result = await train({ specFile, trainLimit: 3000, testLimit: 1000 });
    assert.equal(result.status, 'completed');
    assert.equal(result.backend, 'wasm');
    const accuracy = result.test?.accuracy ?? 0;
    // Chance is 0.1; this graph gets about 0.87 here (seed 5).
    assert.ok(accuracy > 0.6, `test accuracy ${accuracy}`);
    assert.ok(result.epochs[1].loss < result.epochs[0].loss, 'the loss falls from one epoch to the next');

    const metrics = JSON.parse(readFileSync(join(result.runDir, 'metrics.json'), 'utf8')) as RunMetrics;
    assert.equal(metrics.specHash, specHash(await loadSpec(specFile)));
    const json = JSON.parse(readFileSync(join(result.runDir, 'model.json'), 'utf8'));
    const saved = json.modelTopology.config.layers as { name: string; class_name: string; inbound_nodes: unknown[][][] }[];
    assert.deepEqual(saved.map((layer) => `${layer.name}:${layer.class_name}`), ['x:InputLayer', 'h:Dense', 'a:Dense', 'b:Dense', 'r:Add', 'd:Subtract', 'concatenate:Concatenate', 'dense:Dense']);
    const inboundOf = (name: string) => (saved.find((layer) => layer.name === name)?.inbound_nodes[0] ?? []).map((node) => node[0]);
    assert.deepEqual(inboundOf('r'), ['h', 'b']);
    assert.deepEqual(inboundOf('d'), ['h', 'a']);
    const weightData = new Uint8Array(readFileSync(join(result.runDir, 'weights.bin'))).buffer;
    const loaded = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData }));
    assert.equal(loaded.countParams(), 784 * 32 + 32 + 2 * (32 * 32 + 32) + 64 * 10 + 10);
    loaded.dispose();

    const outcome = await evaluate({ specFile, testLimit: 1000 });
    assert.equal(outcome.runDir, result.runDir);
    assert.equal(outcome.specChanged, false);
    assert.equal(outcome.result.accuracy, accuracy);
  });
});
