import * as tf from '@tensorflow/tfjs-core';

import { LN_EPSILON } from './layers/layerNorm';

export { LN_EPSILON };

/**
 * Layer normalisation of `x` `[batch, units]`: each row (one sample) is normalised over its own
 * units, `gamma · (x − mean_row) / sqrt(var_row + ε) + beta`, with `gamma` and `beta` `[units]`.
 * No batch statistics and nothing moving: training and inference compute the same thing, at any
 * batch size (batch 1 included). Pure; run inside a `tf.tidy` or a gradient function.
 */
export function layerNorm(x: tf.Tensor2D, gamma: tf.Tensor1D | tf.Variable, beta: tf.Tensor1D | tf.Variable, epsilon = LN_EPSILON): tf.Tensor2D {
  const { mean, variance } = tf.moments(x, 1, true);
  const normalised = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, epsilon)));
  return tf.add(tf.mul(normalised, gamma), beta);
}
