// The worker side of predictions: answers `predict` requests one at a time with the model of
// the run each names, loaded once and kept until a request names another run. Loading or
// reading failures come back as `failed` replies: the worker lives on for the next request.
import { initBackend } from './backend';
import { EngineError, describeError } from './errors';
import { DigitClassifier } from './predict';
import { parsePredictRequest, type PredictReply } from './predict-messages';

export interface ReplyPort {
  on(event: 'message', listener: (value: unknown) => void): void;
  postMessage(reply: PredictReply): void;
}

export function servePredictions(port: ReplyPort): void {
  let loaded: { runDir: string; classifier: Promise<DigitClassifier> } | undefined;
  // Requests are answered in order: a model is loaded once even when several requests wait for it.
  let queue = Promise.resolve();
  // One digit at a time needs no threads; the cpu backend also spares the wasm files.
  const backend = initBackend('cpu');

  const classifierFor = (runDir: string): Promise<DigitClassifier> => {
    if (loaded?.runDir !== runDir) {
      const previous = loaded?.classifier;
      void previous?.then((c) => c.dispose(), () => {});
      loaded = { runDir, classifier: backend.then(() => DigitClassifier.load(runDir)) };
    }
    return loaded.classifier;
  };

  const answer = async (value: unknown): Promise<PredictReply> => {
    const request = parsePredictRequest(value);
    if ('invalid' in request) return { kind: 'failed', id: request.id, runDir: request.runDir, message: request.invalid, errorKind: 'input' };
    try {
      const classifier = await classifierFor(request.runDir);
      return { kind: 'probabilities', id: request.id, runDir: request.runDir, classNames: classifier.classNames, probabilities: classifier.probabilities(request.pixels) };
    } catch (error) {
      // A run that failed to load is tried again by the next request (the user may have retrained it).
      if (loaded?.runDir === request.runDir) loaded = undefined;
      return { kind: 'failed', id: request.id, runDir: request.runDir, message: describeError(error), errorKind: error instanceof EngineError ? error.kind : 'failure' };
    }
  };

  port.on('message', (value) => {
    queue = queue.then(async () => port.postMessage(await answer(value)));
  });
}
