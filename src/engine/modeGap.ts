import * as tf from '@tensorflow/tfjs-core';
import { gatherInputs, splitIndices, type Split } from './dataTensors';
import { correctCount } from './metrics';
import { forward, type Model } from './model';

/** Accuracy of one model on the same images, computed the two ways BatchNorm can run. */
export interface ModeAccuracy {
  /** Training mode: BatchNorm normalises each batch of `batchSize` images by that batch's own statistics. */
  train: number;
  /** Inference mode: BatchNorm uses its moving statistics (what validation and test use). */
  infer: number;
  images: number;
}

/**
 * Scores `net` on the first `count` images of `split` (whole batches of `batchSize` only) in
 * training mode, batch by batch, and in inference mode. Nothing changes: the moving statistics
 * are left alone. With small batches BatchNorm's two modes disagree; LayerNorm's never do.
 */
export async function modeAccuracy(net: Model, split: Split, batchSize: number, count: number): Promise<ModeAccuracy> {
  const batches = Math.floor(Math.min(count, split.count) / batchSize);
  let trainCorrect = tf.scalar(0);
  let inferCorrect = tf.scalar(0);
  try {
    for (let b = 0; b < batches; b++) {
      const order = new Int32Array(batchSize);
      for (let i = 0; i < batchSize; i++) order[i] = b * batchSize + i;
      const [t, n] = tf.tidy(() => {
        const idx = splitIndices(split, order);
        const xs = gatherInputs(split, idx);
        const labels = tf.gather(split.source.labels, idx);
        return [
          tf.add(trainCorrect, correctCount(forward(net, xs, 'train', { updateMovingStats: false }), labels)),
          tf.add(inferCorrect, correctCount(forward(net, xs, 'infer'), labels)),
        ];
      });
      trainCorrect.dispose();
      inferCorrect.dispose();
      trainCorrect = t!;
      inferCorrect = n!;
    }
    const [t, n] = await Promise.all([trainCorrect.data(), inferCorrect.data()]);
    const images = batches * batchSize;
    return { train: images ? t[0]! / images : Number.NaN, infer: images ? n[0]! / images : Number.NaN, images };
  } finally {
    trainCorrect.dispose();
    inferCorrect.dispose();
  }
}
