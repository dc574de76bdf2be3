// The Keras-like progress text and the flag parser of `dnn train|evaluate`, as pure functions.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../../src/cli/command';
import { batchLine, epochHeader, epochLine, formatSeconds, ProgressPrinter, progressBar } from '../../src/cli/progress';
import type { TrainEvent } from '../../src/protocol/engine';
import { parseRunFlags } from '../../src/cli/run-flags';

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

describe('progress printer', () => {
  const events: TrainEvent[] = [
    { type: 'backend', backend: 'cpu', note: 'wasm is not available; using cpu' },
    { type: 'start', model: 'M', epochs: 2, batchesPerEpoch: 4, trainSamples: 100, validationSamples: 25, runDir: '/runs/M/1' },
    { type: 'batch', epoch: 1, batch: 2, batchesPerEpoch: 4, loss: 1.5, accuracy: 0.25, elapsedSeconds: 0.1 },
    { type: 'epoch', epoch: 1, loss: 1, accuracy: 0.5, valLoss: 0.9, valAccuracy: 0.6, seconds: 0.4 },
    { type: 'epoch', epoch: 2, loss: 0.5, accuracy: 0.75, seconds: 0.4 },
    { type: 'done', runDir: '/runs/M/1', secondsPerEpoch: 0.4 },
  ];
  const collector = () => {
    const chunks: string[] = [];
    return { chunks, write: (text: string) => chunks.push(text) };
  };

  it('writes plain lines when not on a terminal: no batch redraws, notes apart', () => {
    const out = collector();
    const notes = collector();
    const printer = new ProgressPrinter(out, false, notes);
    for (const event of events) printer.show(event);
    assert.deepEqual(notes.chunks, ['note: wasm is not available; using cpu\n']);
    assert.equal(
      out.chunks.join(''),
      [
        'Training M on 100 samples, validating on 25 (cpu backend)',
        'Epoch 1/2',
        epochLine({ epoch: 1, loss: 1, accuracy: 0.5, valLoss: 0.9, valAccuracy: 0.6, seconds: 0.4 }, 4),
        'Epoch 2/2',
        epochLine({ epoch: 2, loss: 0.5, accuracy: 0.75, seconds: 0.4 }, 4),
        'Run saved in /runs/M/1',
        '',
      ].join('\n'),
    );
  });

  it('on a terminal redraws the batch line in place and replaces it with the epoch line', () => {
    const out = collector();
    const printer = new ProgressPrinter(out, true, collector());
    for (const event of events.slice(1, 4)) printer.show(event);
    const text = out.chunks.join('');
    assert.match(text, /Epoch 1\/2\n\r2\/4 \[===============>\.+\] - ETA: 0s - loss: 1\.5000 - accuracy: 0\.2500\x1b\[K\r4\/4 /);
    assert.ok(text.endsWith(' - val_accuracy: 0.6000\x1b[K\nEpoch 2/2\n'), JSON.stringify(text));
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
      [['a.dnn', '-e', '3'], 'unknown option -e (options are spelled --name)'],
    ];
    for (const [args, message] of cases) {
      assert.throws(() => parseRunFlags(args, flags), (error: unknown) => error instanceof UsageError && error.message === message, args.join(' '));
    }
  });
});
