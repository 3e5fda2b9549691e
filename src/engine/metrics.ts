import * as tf from '@tensorflow/tfjs-core';
import { CLASSES } from './config';

/** Mean softmax cross-entropy of `logits` `[batch, 10]` against int32 `labels` `[batch]`. */
export function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.losses.softmaxCrossEntropy(tf.oneHot(labels, CLASSES), logits);
}

/** Number of rows whose arg-max matches the label, as a float32 scalar. */
export function correctCount(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'float32'));
}

export interface LossAccuracy {
  loss: number;
  accuracy: number;
}
