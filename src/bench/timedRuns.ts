/**
 * What the bench worker times: our training loop and `tf.layers` + `model.fit` on the same rows.
 * Worker-side; only the bench imports the tfjs union package (for `tf.layers`).
 */
import type * as tfl from '@tensorflow/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import type { TrainConfig } from '../engine/config';
import { makeSplits, type ImageTensors, type Splits } from '../engine/dataTensors';
import type { Model } from '../engine/model';
import type { Optimizer } from '../engine/optimizers';
import { RunControl } from '../engine/runControl';
import { trainModel, type TrainEvents } from '../engine/train';

export const noEvents: TrainEvents = { onSteps() {}, onEpoch() {}, onLearningRate() {}, onPaused() {}, onResumed() {} };

/** Training rows as the app would use them; validation and test cut to one batch so the evaluation that ends `trainModel` costs next to nothing. */
export function benchSplits(train: ImageTensors, test: ImageTensors, config: TrainConfig): Splits {
  const tiny = { source: test, start: 0, count: config.batchSize };
  return { ...makeSplits(train, test, config), validation: tiny, test: tiny };
}

/** Milliseconds of our training loop for `steps` steps of `config` (its batch size, optimizer), as the loop itself reports it (evaluation left out). */
export async function oursMs(net: Model, optimizer: Optimizer, train: ImageTensors, test: ImageTensors, config: TrainConfig, steps: number): Promise<number> {
  const run = { ...config, epochs: 1, trainLimit: steps * config.batchSize };
  let ms = Number.NaN;
  const outcome = await trainModel(net, optimizer, benchSplits(train, test, run), run, new RunControl(), {
    ...noEvents,
    onSteps: (_points, progress) => {
      ms = progress.elapsedMs;
    },
  });
  if (outcome.status !== 'completed') throw new Error(`our loop ended ${outcome.status}`);
  return ms;
}

/** The first `count` training rows, gathered (never sliced: slicing big tensors is slow on wasm), labels one-hot. */
export function fitData(train: ImageTensors, count: number): { xs: tf.Tensor2D; ys: tf.Tensor2D } {
  return tf.tidy(() => {
    const idx = tf.range(0, count, 1, 'int32');
    return { xs: tf.gather(train.xs, idx), ys: tf.cast(tf.oneHot(tf.gather(train.labels, idx), 10), 'float32') as tf.Tensor2D };
  });
}

/** Milliseconds of one `model.fit` epoch over `data`. */
export async function fitMs(model: tfl.Sequential, data: { xs: tf.Tensor2D; ys: tf.Tensor2D }, batchSize: number): Promise<number> {
  const start = performance.now();
  // fit reads its loss history back before resolving, so the device work is included.
  await model.fit(data.xs, data.ys, { batchSize, epochs: 1, shuffle: true, verbose: 0 });
  return performance.now() - start;
}
