// The Keras-like progress text and the flag parser of `dnn train|evaluate`, as pure functions.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../../server/src/cli/command';
import { batchLine, epochHeader, epochLine, formatSeconds, progressBar } from '../../server/src/cli/progress';
import { parseRunFlags } from '../../server/src/cli/run-flags';

describe('progress text', () => {
  it('draws the Keras bar', () => {
    assert.equal(epochHeader(3, 10), 'Epoch 3/10');
    assert.equal(progressBar(0, 375), '  0/375 [>.............................]');
    assert.equal(progressBar(120, 375), '120/375 [=========>....................]');
    assert.equal(progressBar(375, 375), '375/375 [==============================]');
  });

  it('shows ETA and running figures during an epoch, time per step and validation at its end', () => {
    assert.equal(batchLine(100, 400, 2, 0.51234, 0.87654), '100/400 [=======>......................] - ETA: 6s - loss: 0.5123 - accuracy: 0.8765');
    assert.equal(
      epochLine({ epoch: 1, loss: 0.3512, accuracy: 0.9012, valLoss: 0.18, valAccuracy: 0.95, seconds: 1.2 }, 375),
      '375/375 [==============================] - 1s 3ms/step - loss: 0.3512 - accuracy: 0.9012 - val_loss: 0.1800 - val_accuracy: 0.9500',
    );
    assert.equal(epochLine({ epoch: 1, loss: 1, accuracy: 0.5, seconds: 0.4 }, 4), '4/4 [==============================] - 0s 100ms/step - loss: 1.0000 - accuracy: 0.5000');
  });

  it('formats durations', () => {
    assert.deepEqual([0.4, 59.4, 59.6, 61, 119.6, 3725].map(formatSeconds), ['0s', '59s', '1m00s', '1m01s', '2m00s', '62m05s']);
  });
});

describe('train/evaluate flags', () => {
  const flags = { epochs: 'count', seed: 'integer', backend: 'backend', out: 'string', json: 'boolean' } as const;

  it('reads `--name value`, `--name=value` and one FILE', () => {
    assert.deepEqual(parseRunFlags(['m.dnn', '--epochs', '3', '--seed=-2', '--backend', 'cpu', '--out=runs', '--json'], flags), {
      file: 'm.dnn',
      values: { epochs: 3, seed: -2, backend: 'cpu', out: 'runs', json: true },
    });
    assert.deepEqual(parseRunFlags(['--', '--odd.dnn'], flags), { file: '--odd.dnn', values: {} });
  });

  it('refuses what it cannot read, saying why', () => {
    const cases: [string[], string][] = [
      [[], 'missing FILE (a .dnn file)'],
      [['a.dnn', 'b.dnn'], 'one FILE at a time, got 2: a.dnn b.dnn'],
      [['a.dnn', '--epochs'], '--epochs needs a value'],
      [['a.dnn', '--epochs', '--json'], '--epochs needs a value'],
      [['a.dnn', '--epochs', '2.5'], "--epochs must be a whole number, got '2.5'"],
      [['a.dnn', '--epochs', '0'], '--epochs must be at least 1, got 0'],
      [['a.dnn', '--backend', 'webgl'], "--backend must be wasm or cpu, got 'webgl'"],
      [['a.dnn', '--json=yes'], '--json takes no value'],
      [['a.dnn', '--lr', '1'], 'unknown option --lr'],
    ];
    for (const [args, message] of cases) {
      assert.throws(() => parseRunFlags(args, flags), (error: unknown) => error instanceof UsageError && error.message === message, args.join(' '));
    }
  });
});
