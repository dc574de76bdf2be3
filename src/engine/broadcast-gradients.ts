// tfjs 4.22's gradients of Maximum and Minimum ignore broadcasting: `Maximum()` of a [N, 8]
// and a [N, 1] branch (which Keras and tfjs's forward pass accept) fails in training with
// "The gradient of input 'b' has shape '8,8', which does not match the shape of the input
// '8,1'". These are the same gradients (same tie rule: the first input wins a tie for Maximum
// and Minimum) summed back to each input's shape, as tfjs's Add and Multiply gradients do.
import * as tf from '@tensorflow/tfjs';

/** `gradient` summed over the axes along which `shape` was broadcast, in `shape`. */
function unbroadcast(gradient: tf.Tensor, shape: number[]): tf.Tensor {
  const axes = tf.backend_util.getReductionAxes(shape, gradient.shape);
  return tf.reshape(axes.length > 0 ? tf.sum(gradient, axes) : gradient, shape);
}

type Select = (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;

function selectingGradient(kernelName: string, takesA: Select, takesB: Select): tf.GradConfig {
  return {
    kernelName,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved) => {
      const [a, b] = saved as [tf.Tensor, tf.Tensor];
      const gradient = dy as tf.Tensor;
      return {
        a: () => unbroadcast(tf.mul(gradient, tf.cast(takesA(a, b), 'float32')), a.shape),
        b: () => unbroadcast(tf.mul(gradient, tf.cast(takesB(a, b), 'float32')), b.shape),
      };
    },
  };
}

let installed = false;

/** Registers the two gradients (for every backend). Idempotent. */
export function installBroadcastingGradients(): void {
  if (installed) return;
  tf.registerGradient(selectingGradient('Maximum', tf.greaterEqual, tf.less));
  tf.registerGradient(selectingGradient('Minimum', tf.lessEqual, tf.greater));
  installed = true;
}
