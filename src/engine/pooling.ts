import * as tf from '@tensorflow/tfjs-core';

const isPowerOfTwo = (n: number) => n > 0 && (n & (n - 1)) === 0;

/**
 * Non-overlapping average pooling of `x` `[batch, h, w, c]` in `size` × `size` windows (stride
 * `size`, 'valid'), as `tf.avgPool`. On WebAssembly its backward pass spreads each output
 * gradient over its window with one nearest-neighbour resize instead of tfjs' `AvgPoolGrad`, a
 * plain loop there (1.4 against 7 ms for LeNet's first pool at batch 256, measured in Node). The
 * resize maps output pixel `i` to `floor(i / size)` exactly only for power-of-two sizes; other
 * sizes and backends keep autodiff. Pure; run inside a tidy or a gradient function.
 */
export function avgPoolTrain(x: tf.Tensor4D, size: number): tf.Tensor4D {
  if (tf.getBackend() !== 'wasm' || !isPowerOfTwo(size)) return tf.avgPool(x, size, size, 'valid');
  const [, h, w] = x.shape;
  const op = tf.customGrad((xIn) => ({
    value: tf.avgPool(xIn as tf.Tensor4D, size, size, 'valid'),
    gradFunc: (dy) => {
      const [, oh, ow] = dy.shape as [number, number, number, number];
      const spread = tf.image.resizeNearestNeighbor(tf.div(dy, size * size) as tf.Tensor4D, [oh * size, ow * size]);
      // Rows and columns past the last whole window reach no output: their gradient is zero.
      const [bottom, right] = [h - oh * size, w - ow * size];
      return bottom || right
        ? tf.pad(spread, [
            [0, 0],
            [0, bottom],
            [0, right],
            [0, 0],
          ])
        : spread;
    },
  }));
  return op(x) as tf.Tensor4D;
}
