import * as tf from '@tensorflow/tfjs-core';
import type { ImageTensors } from './dataTensors';
import { bnVariables } from './layers/batchNorm';
import { hiddenBlocks } from './layers/blocks';
import { forward, type LayerRecord, type Model } from './model';

/**
 * BatchNorm worked through by hand, on real numbers: one unit of one BatchNorm layer of a real
 * network, on a small batch of real test images. The lesson shows every intermediate number
 * (batch mean, variance, x̂, y) from these inputs, and beside them what the network computed, so
 * the arithmetic on the page is the network's own.
 */

/** Images in the worked batch: few enough to show each one's number. */
export const WORKED_BATCH_SIZE = 8;

export interface WorkedBatch {
  /** Index of the BatchNorm layer among the network's BatchNorm layers (0: the first), and the unit. */
  bnLayer: number;
  unit: number;
  /** Units (channels) the layer has. */
  units: number;
  /** The test images used: rows `start … start + count − 1`. */
  start: number;
  count: number;
  /** The unit's input to BatchNorm for each image, `[count]`, in training mode (dropout, if any, with a fixed mask). */
  inputs: Float32Array;
  /** What the layer put out for the unit, `[count]`: in training mode (this batch's statistics) and in inference mode (moving ones). */
  outputsTrain: Float32Array;
  outputsInfer: Float32Array;
  /** The unit's inputs in inference mode, `[count]` (differ from `inputs` only after dropout or an earlier BatchNorm). */
  inputsInfer: Float32Array;
  gamma: number;
  beta: number;
  movingMean: number;
  movingVariance: number;
  epsilon: number;
  momentum: number;
}

/** Indices of the BatchNorm layers of the network's hidden blocks (see `hiddenBlocks`), in order. */
export const batchNormLayers = (net: Model): number[] => hiddenBlocks(net.config.layers).flatMap((b) => (b.norm?.kind === 'batchNorm' ? [b.norm.index] : []));

/** Column `unit` of a `[rows, units]` record. Inside a tidy. */
const column = (t: tf.Tensor, unit: number): tf.Tensor1D => tf.reshape(tf.slice(tf.reshape(t, [t.shape[0]!, -1]), [0, unit], [-1, 1]), [-1]);

/**
 * The worked batch for unit `unit` of the `bnLayer`-th hidden BatchNorm of `net`, on test images
 * `start … start + WORKED_BATCH_SIZE − 1` of `set` (pixels in [0, 1] times `scale`). Changes
 * nothing in the model; frees every tensor it makes; one read-back. Throws, with a message for the
 * page, when the network has no such layer or unit or the set too few images.
 */
export async function workedBatch(net: Model, set: ImageTensors, bnLayer: number, unit: number, start = 0, scale = 1): Promise<WorkedBatch> {
  const layers = batchNormLayers(net);
  const index = layers[bnLayer];
  if (index === undefined)
    throw new Error(layers.length === 0 ? 'This network has no BatchNorm layer to work through.' : `BatchNorm layer ${bnLayer + 1} does not exist.`);
  const bn = net.layers[index]!;
  // One number per image and unit: a convolution's BatchNorm has one per position too.
  if (bn.inShape.length !== 1) throw new Error('The worked example shows the BatchNorm of a Dense layer; this one follows a convolution.');
  const units = bn.outShape[bn.outShape.length - 1]!;
  if (!Number.isInteger(unit) || unit < 0 || unit >= units) throw new Error(`The unit must be a whole number from 0 to ${units - 1}.`);
  const count = WORKED_BATCH_SIZE;
  if (start < 0 || start + count > set.count) throw new Error(`There are not ${count} test images from ${start}.`);
  const spec = bn.spec.kind === 'batchNorm' ? bn.spec : null;
  const packed = tf.tidy(() => {
    const idx = tf.range(start, start + count, 1, 'int32');
    const xs = (scale === 1 ? tf.gather(set.xs, idx) : tf.mul(tf.gather(set.xs, idx), scale)) as tf.Tensor2D;
    const train: LayerRecord[] = [];
    const infer: LayerRecord[] = [];
    forward(net, xs, 'train', { record: train, updateMovingStats: false });
    forward(net, xs, 'infer', { record: infer });
    const inputOf = (record: LayerRecord[]) => (index === 0 ? xs : record[index - 1]!.output);
    const v = bnVariables(bn.variables);
    const params = [v.gamma, v.beta, v.movingMean, v.movingVariance].map((p) => tf.reshape(tf.slice(p, [unit], [1]), [1]));
    return tf.concat([
      column(inputOf(train), unit),
      column(train[index]!.output, unit),
      column(infer[index]!.output, unit),
      column(inputOf(infer), unit),
      ...params,
    ]);
  });
  let values: Float32Array;
  try {
    values = (await packed.data()) as Float32Array;
  } finally {
    packed.dispose();
  }
  const part = (k: number) => values.slice(k * count, (k + 1) * count);
  const [gamma, beta, movingMean, movingVariance] = Array.from(values.subarray(4 * count));
  return {
    bnLayer,
    unit,
    units,
    start,
    count,
    inputs: part(0),
    outputsTrain: part(1),
    outputsInfer: part(2),
    inputsInfer: part(3),
    gamma: gamma!,
    beta: beta!,
    movingMean: movingMean!,
    movingVariance: movingVariance!,
    epsilon: spec?.epsilon ?? 0,
    momentum: spec?.momentum ?? 0,
  };
}
