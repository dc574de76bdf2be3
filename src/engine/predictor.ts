// Predictions on drawn digits off the caller's thread (the extension host): one worker, made
// on the first request and kept, answers every request for any run (predict-server.ts).
// Requests are answered in order; a worker that dies is replaced by the next request.
import type { Worker } from 'node:worker_threads';
import { EngineError } from './errors';
import type { PredictReply, PredictRequest } from './predict-messages';
import { defaultWorkerFile } from './runner';
import { startWorker } from './start-worker';
import type { WorkerInput } from './worker-messages';

export type Prediction = Extract<PredictReply, { kind: 'probabilities' }>;

export class DigitPredictor {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (p: Prediction) => void; reject: (e: EngineError) => void }>();

  constructor(private readonly workerFile: string = defaultWorkerFile()) {}

  /** The probability of every class of the run's model for one preprocessed digit (784 values in [0, 1]). */
  predict(runDir: string, pixels: Float32Array): Promise<Prediction> {
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    const request: PredictRequest = { kind: 'predict', id, runDir, pixels };
    return new Promise<Prediction>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage(request);
    });
  }

  async dispose(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.failAll(new EngineError('predictions were closed'));
    await worker?.terminate();
  }

  private start(): Worker {
    const input: WorkerInput = { request: { kind: 'predict' }, stopFlag: new SharedArrayBuffer(4) };
    const worker = startWorker(this.workerFile, input);
    this.worker = worker;
    worker.on('message', (reply: PredictReply) => {
      const pending = this.waiting.get(reply.id);
      if (!pending) return;
      this.waiting.delete(reply.id);
      // An idle prediction worker must not keep a CLI or a test process alive; a busy one must.
      if (this.waiting.size === 0) worker.unref();
      if (reply.kind === 'probabilities') pending.resolve(reply);
      else pending.reject(new EngineError(reply.message, reply.errorKind));
    });
    const lost = (why: string) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.failAll(new EngineError(`the prediction worker ${why}`));
    };
    worker.on('error', (error) => lost(`failed: ${error.message}`));
    worker.on('exit', (code) => lost(`ended (exit code ${code})`));
    return worker;
  }

  private failAll(error: EngineError): void {
    for (const { reject } of this.waiting.values()) reject(error);
    this.waiting.clear();
  }
}
