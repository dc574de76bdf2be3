// `--format tfjs` as a web page uses it: `tf.loadLayersModel` over HTTP (the browser's path)
// loads the exported folder, and the model predicts what dnn predicts for the run.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { train } from '../../src/engine/train';
import { runExport } from '../../src/export/run-export';
import { tempDir } from '../engine/idx-files';
import { mlpText, writeSpec } from '../engine/specs';
import { agreement, dnnPredictions } from './reference';

/** Serves `folder` on a local port, as a web server would host the export. */
async function serve(folder: string): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    readFile(join(folder, new URL(request.url ?? '/', 'http://x').pathname)).then(
      (body) => response.end(body),
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('tfjs export', { timeout: 300_000 }, () => {
  it('loads with tf.loadLayersModel over HTTP and predicts as dnn does on the test set', async () => {
    const dir = tempDir('dnn-export-tfjs-');
    const specFile = writeSpec(dir, mlpText({ dropout: 0.2, seed: 3 }));
    const { runDir } = await train({ specFile, trainLimit: 2000, testLimit: 10, backend: 'wasm' });
    const out = join(dir, 'web');
    const outcome = await runExport({ specFile, format: 'tfjs', out });
    assert.deepEqual(outcome.files, [join(out, 'model.json'), join(out, 'weights.bin')]);

    const reference = await dnnPredictions(specFile, runDir, 2000);
    const { server, url } = await serve(out);
    try {
      const model = await tf.loadLayersModel(`${url}/model.json`);
      const predicted = tf.tidy(() => model.predict(tf.tensor(reference.inputs, [reference.count, 784])) as tf.Tensor);
      const { maxAbsDiff, mismatchedClasses } = agreement(reference, predicted.dataSync() as Float32Array);
      predicted.dispose();
      model.dispose();
      assert.equal(mismatchedClasses, 0);
      assert.ok(maxAbsDiff < 1e-5, `max abs diff ${maxAbsDiff}`);
    } finally {
      server.close();
    }
  });
});
