// Merge layers tfjs 4.22 lacks or gets wrong, as subclasses of its own classes (so shapes,
// broadcasting and the reshaping of inputs of different ranks stay tfjs's), registered for
// serialisation: a saved run's model.json names them as Keras does and `tf.loadLayersModel`
// reads them back.
//   Subtract     missing: `inputs[0] - inputs[1]`, exactly two inputs
//   Concatenate  a negative axis other than -1 is computed along the last axis at run time
//                (tfjs-layers' `concatenate` turns every axis < 0 into the last one), while
//                the shape it declares is Keras's: [6, 9, 2] + [6, 9, 2] on axis -2 says
//                [6, 18, 2] and makes [6, 9, 4]
import * as tf from '@tensorflow/tfjs';

type LayerArgs = ConstructorParameters<typeof tf.layers.Layer>[0];
type MergeLayer = tf.layers.Layer & { build(inputShape: tf.Shape | tf.Shape[]): void };
type MergeConstructor = { new (args?: LayerArgs & { axis?: number }): MergeLayer; fromConfig: (typeof tf.layers.Layer)['fromConfig'] };

/** A layer class tfjs registers, by its Keras name. */
function registeredClass(className: string): MergeConstructor {
  const registered = tf.serialization.SerializationMap.getMap().classNameMap[className];
  if (!registered) throw new Error(`merge-layers: tfjs has no registered ${className} layer`);
  return registered[0] as unknown as MergeConstructor;
}

/** tfjs's `Merge`, the base class of `Add`, `Multiply`, ... */
const Merge = Object.getPrototypeOf(registeredClass('Add')) as MergeConstructor;

export class Subtract extends Merge {
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

export class Concatenate extends registeredClass('Concatenate') {
  static className = 'Concatenate';

  protected mergeFunction(inputs: tf.Tensor[]): tf.Tensor {
    // tf.concat counts a negative axis from the end, as Keras does.
    return tf.tidy(() => tf.concat(inputs, (this as unknown as { axis: number }).axis));
  }
}
// Replaces tfjs's class under the same name, so saved models load with the fix too.
tf.serialization.registerClass(Concatenate);

/** The factories the catalogue names `subtract` and `concatenate`, like `tf.layers.add`. */
export function subtract(config: LayerArgs = {}): tf.layers.Layer {
  return new Subtract(config);
}

export function concatenate(config: LayerArgs & { axis?: number } = {}): tf.layers.Layer {
  return new Concatenate(config);
}
