import * as tf from '@tensorflow/tfjs-core';
import { gatherInputs, splitIndices, type Split } from './dataTensors';
import { correctCount, crossEntropy, type LossAccuracy } from './metrics';
import { forward, type Model } from './model';

/**
 * Loss and accuracy over a whole split in inference mode (moving statistics; nothing is updated).
 * Sums stay on the device and are read back once.
 */
export async function evaluate(net: Model, split: Split, batchSize = 1000): Promise<LossAccuracy> {
  let lossSum = tf.scalar(0);
  let correct = tf.scalar(0);
  try {
    for (let start = 0; start < split.count; start += batchSize) {
      const n = Math.min(batchSize, split.count - start);
      const order = new Int32Array(n);
      for (let i = 0; i < n; i++) order[i] = start + i;
      const [nextLoss, nextCorrect] = tf.tidy(() => {
        const idx = splitIndices(split, order);
        const logits = forward(net, gatherInputs(split, idx), 'infer');
        const labels = tf.gather(split.source.labels, idx);
        return [tf.add(lossSum, tf.mul(crossEntropy(logits, labels), n)), tf.add(correct, correctCount(logits, labels))];
      });
      lossSum.dispose();
      correct.dispose();
      lossSum = nextLoss!;
      correct = nextCorrect!;
    }
    const [l, c] = await Promise.all([lossSum.data(), correct.data()]);
    return { loss: l[0]! / split.count, accuracy: c[0]! / split.count };
  } finally {
    lossSum.dispose();
    correct.dispose();
  }
}
