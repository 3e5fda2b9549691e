import * as tf from '@tensorflow/tfjs-core';
import { columnSums } from './fastOps';

/**
 * Per sample and group, the mean of `t` `[n, h, w, c]` over its positions and its group's
 * channels, spread back over those channels: `[n, 1, 1, c]`. A global average pool (XNNPACK on
 * WebAssembly) per channel, then a mean over each group's adjacent channels, the innermost axis.
 */
function groupMeans(t: tf.Tensor4D, groups: number): tf.Tensor4D {
  const [n, h, w, c] = t.shape;
  const perChannel = h * w > 1 ? tf.avgPool(t, [h, w], [h, w], 'valid') : t;
  const perGroup = tf.mean(tf.reshape(perChannel, [n, groups, c / groups]), 2, true);
  return tf.reshape(tf.tile(perGroup, [1, 1, c / groups]), [n, 1, 1, c]);
}

/**
 * GroupNorm of `x` `[batch, ..., c]` (as `groupNorm` in conv.ts) with a hand-written backward
 * pass: `dx = (g − mean(g) − xHat · mean(g · xHat)) / sqrt(var + eps)` per sample and group, where
 * `g = dy · gamma`, BatchNorm's closed form over a group's members instead of a batch. Why: tfjs'
 * moments over the positions and a group's channels transpose first on WebAssembly, and autodiff
 * doubles that (the small convnet with GroupNorm at batch 64: 218 CPU-ms a step, BatchNorm 130).
 * Pure; run inside a tidy or a gradient function.
 */
export function groupNormPooled(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, groups: number, epsilon: number): tf.Tensor {
  const c = x.shape[x.rank - 1]!;
  const n = x.shape[0]!;
  const positions = x.size / (n * c);
  // Any layout [batch, ..., c] as an image [batch, positions, 1, c]: the statistics only need positions and channels.
  const image = tf.reshape(x, [n, positions, 1, c]) as tf.Tensor4D;
  // Outside the custom op, as in batchNormTrain: the op closes over them, no gradient flows through them.
  const centred = tf.sub(image, groupMeans(image, groups)) as tf.Tensor4D;
  const inv = tf.rsqrt(tf.add(groupMeans(tf.square(centred) as tf.Tensor4D, groups), epsilon));
  const xHat = tf.mul(centred, inv) as tf.Tensor4D;
  const op = tf.customGrad((_xIn, gammaIn, betaIn, saveIn) => {
    (saveIn as tf.GradSaveFunc)([xHat, inv, gammaIn as tf.Tensor]);
    return {
      value: tf.reshape(tf.add(tf.mul(xHat, gammaIn as tf.Tensor), betaIn as tf.Tensor), x.shape),
      gradFunc: (dy, saved) => {
        const [savedXHat, savedInv, savedGamma] = saved as [tf.Tensor4D, tf.Tensor4D, tf.Tensor1D];
        const dyImage = tf.reshape(dy, image.shape) as tf.Tensor4D;
        const g = tf.mul(dyImage, savedGamma) as tf.Tensor4D;
        const spread = tf.add(groupMeans(g, groups), tf.mul(savedXHat, groupMeans(tf.mul(g, savedXHat) as tf.Tensor4D, groups)));
        const dx = tf.reshape(tf.mul(tf.sub(g, spread), savedInv), x.shape);
        const columns = (t: tf.Tensor) => tf.reshape(t, [-1, c]) as tf.Tensor2D;
        return [dx, columnSums(columns(tf.mul(dyImage, savedXHat))), columnSums(columns(dyImage))];
      },
    };
  });
  return op(x, gamma, beta) as tf.Tensor;
}
