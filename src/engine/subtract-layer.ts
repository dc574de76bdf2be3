// Keras's `Subtract` merge layer, which tfjs 4.22 lacks: `inputs[0] - inputs[1]`, exactly two
// inputs. It extends tfjs's own (unexported) `Merge` base class, the one `Add` and `Multiply`
// extend, so shapes, broadcasting of size-1 axes and the reshaping of inputs of different
// ranks are tfjs's. Registered for serialisation: a saved run's model.json names it
// `Subtract` and `tf.loadLayersModel` reads it back.
import * as tf from '@tensorflow/tfjs';

type LayerArgs = ConstructorParameters<typeof tf.layers.Layer>[0];
type MergeLayer = tf.layers.Layer & { build(inputShape: tf.Shape | tf.Shape[]): void };
type MergeConstructor = { new (args?: LayerArgs): MergeLayer; fromConfig: (typeof tf.layers.Layer)['fromConfig'] };

/** tfjs's `Merge`, found as the base class of its registered `Add` layer. */
function mergeBaseClass(): MergeConstructor {
  const registered = tf.serialization.SerializationMap.getMap().classNameMap.Add;
  if (!registered) throw new Error('subtract-layer: tfjs has no registered Add layer');
  return Object.getPrototypeOf(registered[0]) as MergeConstructor;
}

export class Subtract extends mergeBaseClass() {
  static className = 'Subtract';

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shapes = Array.isArray(inputShape[0]) ? (inputShape as tf.Shape[]) : [inputShape as tf.Shape];
    if (shapes.length !== 2) throw new Error(`A Subtract layer should be called on exactly 2 inputs, got ${shapes.length}`);
    super.build(inputShape);
  }

  /** Called by `Merge.call` with the inputs already brought to one rank. */
  protected mergeFunction(inputs: tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => tf.sub(inputs[0] as tf.Tensor, inputs[1] as tf.Tensor));
  }
}
tf.serialization.registerClass(Subtract);

/** The factory the catalogue names `subtract`, like `tf.layers.add`. */
export function subtract(config: LayerArgs = {}): tf.layers.Layer {
  return new Subtract(config);
}
