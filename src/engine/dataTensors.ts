import * as tf from '@tensorflow/tfjs-core';
import { INPUT_UNITS, type TrainConfig } from './config';
import { DEFAULT_INPUT_SCALE, inputScaleFactor } from './inputScale';

/** Images and labels as they come from the IDX files. */
export interface ImageSetBytes {
  count: number;
  /** `[count * 784]` uint8, 0..255. */
  pixels: Uint8Array;
  /** `[count]` uint8, 0..9. */
  labels: Uint8Array;
}

/** A dataset uploaded once to the backend. */
export interface ImageTensors {
  /** `[count, 784]` float32 in [0, 1]. */
  xs: tf.Tensor2D;
  /** `[count]` int32 class labels. */
  labels: tf.Tensor1D;
  count: number;
}

/** A contiguous range of rows of an uploaded set; batches are gathered from it by index, never sliced. */
export interface Split {
  source: ImageTensors;
  start: number;
  count: number;
  /**
   * Optional, default 1: the factor on the source's 0–1 values that gives the inputs this split
   * feeds the network (see `inputScaleFactor`; 1/255 reproduces the notebook's double division).
   */
  scale?: number;
}

export interface Splits {
  train: Split;
  validation: Split;
  test: Split;
}

/** Uploads a set once. The caller owns the tensors (see `disposeImageTensors`). */
export function uploadImageSet(set: ImageSetBytes): ImageTensors {
  const scaled = new Float32Array(set.count * INPUT_UNITS);
  for (let i = 0; i < scaled.length; i++) scaled[i] = set.pixels[i]! / 255;
  return {
    xs: tf.tensor2d(scaled, [set.count, INPUT_UNITS], 'float32'),
    labels: tf.tensor1d(Int32Array.from(set.labels), 'int32'),
    count: set.count,
  };
}

export function disposeImageTensors(t: ImageTensors): void {
  t.xs.dispose();
  t.labels.dispose();
}

/**
 * The training, validation and test rows for a run: validation is the test set or the first
 * `size` training images (then training starts after them), and training may be limited to its
 * first `trainLimit` rows.
 */
export function makeSplits(train: ImageTensors, test: ImageTensors, config: TrainConfig): Splits {
  // Validation and test images share the evaluation scaling, training images have their own.
  const trainScale = inputScaleFactor(config.trainScale ?? DEFAULT_INPUT_SCALE);
  const evalScale = inputScaleFactor(config.evalScale ?? DEFAULT_INPUT_SCALE);
  const whole: Split = { source: test, start: 0, count: test.count, scale: evalScale };
  const holdout = config.validation.kind === 'holdout' ? config.validation.size : 0;
  const available = train.count - holdout;
  return {
    train: { source: train, start: holdout, count: Math.min(available, config.trainLimit ?? available), scale: trainScale },
    validation: config.validation.kind === 'test' ? whole : { source: train, start: 0, count: holdout, scale: evalScale },
    test: whole,
  };
}

/**
 * The inputs `[rows, 784]` float32 of `split` at the rows `idx` (indices into its source), scaled
 * as the split says. Call inside a `tf.tidy`: the gathered (and scaled) tensors belong to it.
 */
export function gatherInputs(split: Split, idx: tf.Tensor1D): tf.Tensor2D {
  const xs = tf.gather(split.source.xs, idx);
  const scale = split.scale ?? 1;
  return scale === 1 ? xs : tf.mul(xs, scale);
}

/** Rows of `split` as an int32 index tensor into its source. */
export function splitIndices(split: Split, order: Int32Array): tf.Tensor1D {
  const idx = new Int32Array(order.length);
  for (let i = 0; i < order.length; i++) idx[i] = split.start + order[i]!;
  return tf.tensor1d(idx, 'int32');
}
