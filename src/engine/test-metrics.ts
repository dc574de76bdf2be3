// Metrics on the test set: loss, accuracy, the confusion matrix, per-class
// accuracy/precision/recall and the most confident mistakes with their pixels (the results
// panel draws them).
import { performance } from 'node:perf_hooks';
import type { BuiltModel } from './build-model';
import { scalePixels, type Samples } from './data/dataset';
import type { ClassStats, EvaluationResult, Misclassified } from '../protocol/engine';
import { argMax, scoreSamples } from './scoring';

/** How many misclassified digits the result carries (the panel shows a grid of them). */
const MISCLASSIFIED_SHOWN = 64;

export function evaluateTestSet(built: BuiltModel, test: Samples, classNames?: readonly string[]): EvaluationResult {
  const started = performance.now();
  const classes = built.encoding.classes;
  const score = scoreSamples(built, scalePixels(test.pixels), test.labels, { keepOutputs: true });
  const outputs = score.outputs as Float32Array;
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  const mistakes: { index: number; predicted: number; confidence: number }[] = [];
  for (let i = 0; i < test.count; i++) {
    const predicted = argMax(outputs, i * classes, classes);
    const label = test.labels[i];
    confusion[label][predicted]++;
    if (predicted !== label) mistakes.push({ index: i, predicted, confidence: outputs[i * classes + predicted] });
  }
  mistakes.sort((a, b) => b.confidence - a.confidence || a.index - b.index);
  const sampleSize = test.count > 0 ? test.pixels.length / test.count : 0;
  const misclassified: Misclassified[] = mistakes.slice(0, MISCLASSIFIED_SHOWN).map(({ index, predicted, confidence }) => ({
    index,
    label: test.labels[index],
    predicted,
    confidence,
    pixels: Array.from(test.pixels.subarray(index * sampleSize, (index + 1) * sampleSize)),
  }));
  return {
    loss: score.loss,
    accuracy: score.accuracy,
    samples: test.count,
    confusion,
    perClass: classStats(confusion),
    misclassified,
    seconds: (performance.now() - started) / 1000,
    ...(classNames ? { classNames: [...classNames] } : {}),
  };
}

/** Per class: support, correct, accuracy (= recall, as Keras users call it), precision. */
function classStats(confusion: number[][]): ClassStats[] {
  return confusion.map((row, label) => {
    const support = row.reduce((a, b) => a + b, 0);
    const correct = row[label];
    const predictedAsLabel = confusion.reduce((sum, other) => sum + other[label], 0);
    const recall = support > 0 ? correct / support : 0;
    return { label, support, correct, accuracy: recall, precision: predictedAsLabel > 0 ? correct / predictedAsLabel : 0, recall };
  });
}
