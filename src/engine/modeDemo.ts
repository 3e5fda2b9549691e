import * as tf from '@tensorflow/tfjs-core';
import type { ImageTensors } from './dataTensors';
import { correctCount, crossEntropy, type LossAccuracy } from './metrics';
import { forward, type Model } from './model';

/**
 * Why BatchNorm has two modes, shown on a trained network: in training mode each batch is
 * normalised with its own statistics, so what one image scores depends on the others in its
 * batch; inference mode uses the moving statistics and scores every image alone. A batch of one
 * class (all 7s) or of only two images makes training mode fail where inference mode does not.
 */

/** Images in the one-class batch at most, and in the pairs (two by two). */
export const MODE_DEMO_IMAGES = 128;

/** The same images scored in training mode (batch statistics) and inference mode (moving statistics). */
export interface ModeScores {
  /** Images scored. */
  count: number;
  train: LossAccuracy;
  infer: LossAccuracy;
}

export interface ModeDemo {
  /** The class of the one-class batch. */
  digit: number;
  /** Up to MODE_DEMO_IMAGES images of `digit`, as one batch. */
  oneClass: ModeScores;
  /** The first MODE_DEMO_IMAGES images, in training mode as batches of 2 (each pair normalised alone). */
  pairs: ModeScores;
}

/** Rows of `labels` (`[count]` uint8 classes) whose class is `digit`, the first `max` of them. */
export function rowsOfClass(labels: Uint8Array, digit: number, max = MODE_DEMO_IMAGES): Int32Array {
  const rows: number[] = [];
  for (let i = 0; i < labels.length && rows.length < max; i++) if (labels[i] === digit) rows.push(i);
  return Int32Array.from(rows);
}

/** `[loss · n, correct]` of `xs` in `mode`: sums, so batches add up. Inside a tidy. */
function sums(net: Model, xs: tf.Tensor2D, labels: tf.Tensor1D, mode: 'train' | 'infer'): tf.Tensor1D {
  const logits = forward(net, xs, mode, { updateMovingStats: false });
  return tf.stack([tf.mul(crossEntropy(logits, labels), xs.shape[0]), correctCount(logits, labels)]) as tf.Tensor1D;
}

/**
 * Scores `net` on images of `set` (`labels`: the same set's classes on the CPU): a batch of up to
 * MODE_DEMO_IMAGES images of `digit`, and the first MODE_DEMO_IMAGES images as batches of 2, each
 * in both modes. `scale` multiplies the pixels (in [0, 1]) as the run's evaluation did (1: as
 * they are). Changes nothing in the model (moving statistics are not updated); every tensor it
 * makes is freed; one read-back. Throws when the set has fewer than 2 images of `digit`.
 */
export async function modeDemo(net: Model, set: ImageTensors, labels: Uint8Array, digit: number, scale = 1): Promise<ModeDemo> {
  if (!Number.isInteger(digit) || digit < 0 || digit > 9) throw new Error('The class must be a whole number from 0 to 9.');
  const oneRows = rowsOfClass(labels, digit);
  if (oneRows.length < 2) throw new Error(`There are fewer than 2 images of class ${digit} to make a batch of.`);
  const pairCount = Math.floor(Math.min(MODE_DEMO_IMAGES, set.count) / 2);
  const packed = tf.tidy(() => {
    const one = tf.tensor1d(oneRows, 'int32');
    const inputs = (idx: tf.Tensor1D) => (scale === 1 ? tf.gather(set.xs, idx) : tf.mul(tf.gather(set.xs, idx), scale)) as tf.Tensor2D;
    const oneXs = inputs(one);
    const oneLabels = tf.gather(set.labels, one) as tf.Tensor1D;
    const pairXs = inputs(tf.range(0, pairCount * 2, 1, 'int32') as tf.Tensor1D);
    const pairLabels = tf.gather(set.labels, tf.range(0, pairCount * 2, 1, 'int32')) as tf.Tensor1D;
    let pairTrain = tf.zeros([2]) as tf.Tensor1D;
    for (let p = 0; p < pairCount; p++) {
      const rows = tf.tensor1d([2 * p, 2 * p + 1], 'int32');
      pairTrain = tf.add(pairTrain, sums(net, tf.gather(pairXs, rows), tf.gather(pairLabels, rows), 'train'));
    }
    return tf.concat([sums(net, oneXs, oneLabels, 'train'), sums(net, oneXs, oneLabels, 'infer'), pairTrain, sums(net, pairXs, pairLabels, 'infer')]);
  });
  let v: Float32Array;
  try {
    v = await packed.data<'float32'>();
  } finally {
    packed.dispose();
  }
  const scores = (count: number, at: number): ModeScores => ({
    count,
    train: { loss: v[at]! / count, accuracy: v[at + 1]! / count },
    infer: { loss: v[at + 2]! / count, accuracy: v[at + 3]! / count },
  });
  return { digit, oneClass: scores(oneRows.length, 0), pairs: scores(pairCount * 2, 4) };
}
