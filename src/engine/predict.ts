// Predictions on your own digits: a run's saved model (chain or graph, as it was saved) asked
// about 28x28 grey images preprocessed the MNIST way. `dnn predict` and the extension's
// "Try it" worker use it.
import * as tf from '@tensorflow/tfjs';
import { DIGIT_INPUTS_TEXT, takesOneDigit } from '../digits/digit-input';
import { className } from '../protocol/classNames';
import type { ModelSpec } from '../language/types';
import { EngineError } from './errors';
import { readRunSpec } from './runs';
import { loadRunModel } from './saved-model';

export interface ClassProbability {
  /** The class's name: from `fit { class_names }`, else its index ("7"). */
  class: string;
  probability: number;
}

export class DigitClassifier {
  private constructor(
    private readonly model: tf.LayersModel,
    private readonly inputShape: number[],
    readonly classNames: string[],
  ) {}

  /** Loads the run's model; refuses a model whose input is not one 28x28 grey image. */
  static async load(runDir: string, spec?: ModelSpec): Promise<DigitClassifier> {
    const model = await loadRunModel(runDir);
    const inputShape = (model.inputs[0]?.shape ?? []).slice(1) as number[];
    if (model.inputs.length !== 1 || !takesOneDigit(inputShape)) {
      model.dispose();
      const shown = model.inputs.map((input) => `[${input.shape.slice(1).join(', ')}]`).join(' and ');
      throw new EngineError(
        `the model of ${runDir} takes input ${shown}; predictions need a model of 28x28 grey images: ${DIGIT_INPUTS_TEXT}`,
        'input',
      );
    }
    const units = (model.outputs[0]?.shape ?? []).at(-1) ?? 0;
    const names = spec?.fit.classNames ?? (await readRunSpec(runDir))?.fit.classNames;
    const classNames = Array.from({ length: units }, (_, i) => className(names, i));
    return new DigitClassifier(model, inputShape, classNames);
  }

  /** The probability of every class for one preprocessed digit (784 values in [0, 1]). */
  probabilities(pixels: Float32Array): number[] {
    return tf.tidy(() => {
      const input = tf.tensor(pixels, [1, ...this.inputShape]);
      const output = this.model.predict(input) as tf.Tensor;
      return Array.from(output.dataSync());
    });
  }

  /** The `count` most probable classes, most probable first. */
  top(pixels: Float32Array, count = 3): ClassProbability[] {
    return this.probabilities(pixels)
      .map((probability, i) => ({ class: this.classNames[i], probability }))
      .sort((a, b) => b.probability - a.probability)
      .slice(0, count);
  }

  dispose(): void {
    this.model.dispose();
  }
}
