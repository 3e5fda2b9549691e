import type * as Tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { channelsOf, DECIMAL, type LayerDef } from './layerDef';
import type { BatchNormSpec } from './spec';

/** Keras' BatchNormalization defaults, which the tutorial uses. */
export const BN_MOMENTUM = 0.99;
export const BN_EPSILON = 1e-3;

/** BatchNorm's momentum, Keras' meaning (the share the moving statistics keep): 0 ≤ m < 1. */
export const bnMomentumSchema = z
  .number({ error: 'BN momentum must be a number' })
  .refine(Number.isFinite, 'BN momentum must be a number')
  .min(0, 'BN momentum must be at least 0')
  .lt(1, 'BN momentum must be less than 1 (at 1 the moving statistics never learn)');

/** BatchNorm's epsilon: positive, or a unit with no variance divides by zero. */
export const bnEpsilonSchema = z
  .number({ error: 'BN epsilon must be a number' })
  .refine(Number.isFinite, 'BN epsilon must be a number')
  .min(1e-8, 'BN epsilon must be at least 1e-8')
  .max(1, 'BN epsilon must be at most 1');

/** A BatchNorm layer's variables by role (`create` makes them in this order). */
export interface BnVariables {
  gamma: Tf.Variable;
  beta: Tf.Variable;
  movingMean: Tf.Variable;
  movingVariance: Tf.Variable;
}

export const bnVariables = (variables: Tf.Variable[]): BnVariables => {
  const [gamma, beta, movingMean, movingVariance] = variables as [Tf.Variable, Tf.Variable, Tf.Variable, Tf.Variable];
  return { gamma, beta, movingMean, movingVariance };
};

/** `x` `[batch, ..., c]` as `[rows, c]`: per-channel statistics are column statistics. */
const asColumns = (tf: typeof Tf, x: Tf.Tensor): Tf.Tensor2D => (x.rank === 2 ? (x as Tf.Tensor2D) : tf.reshape(x, [-1, x.shape[x.rank - 1]!]));

/**
 * BatchNorm over the last axis (a flat layer's units, an image's channels: Keras' axis=-1,
 * PyTorch's BatchNorm1d/2d). Training mode: the batch's mean and biased variance (over batch,
 * height and width), with a hand-written backward pass, folded into the moving statistics as
 * `moving = momentum · moving + (1 − momentum) · batch`; inference mode: the moving statistics.
 */
export const batchNorm: LayerDef<BatchNormSpec> = {
  kind: 'batchNorm',
  schema: z.object({ kind: z.literal('batchNorm'), momentum: bnMomentumSchema, epsilon: bnEpsilonSchema }),
  kerasClass: () => 'BatchNormalization',
  kerasName: () => 'batch_normalization',
  outShape: (_spec, inShape) => inShape,
  params: (_spec, inShape) => ({ total: 4 * channelsOf(inShape), trainable: 2 * channelsOf(inShape) }),
  create: (_spec, inShape, init) => {
    const c = channelsOf(inShape);
    const name = init.name('batch_normalization');
    const ones = new Float32Array(c).fill(1);
    return [
      init.variable(ones, [c], true, `${name}/gamma`),
      init.variable(new Float32Array(c), [c], true, `${name}/beta`),
      init.variable(new Float32Array(c), [c], false, `${name}/moving_mean`),
      init.variable(ones, [c], false, `${name}/moving_variance`),
    ];
  },
  forward: (layer, x, ctx) => {
    const { tf } = ctx.kernels;
    const v = bnVariables(layer.variables);
    const { epsilon, momentum } = layer.spec;
    if (ctx.mode === 'infer') return { y: tf.batchNorm(x, v.movingMean, v.movingVariance, v.beta, v.gamma, epsilon) };
    const { y, mean, variance } = ctx.kernels.batchNormTrain(asColumns(tf, x), v.gamma, v.beta, epsilon);
    if (ctx.updateMovingStats) {
      // Assignments are not recorded on the gradient tape: no gradient flows into the moving statistics.
      v.movingMean.assign(tf.add(tf.mul(v.movingMean, momentum), tf.mul(mean, 1 - momentum)));
      v.movingVariance.assign(tf.add(tf.mul(v.movingVariance, momentum), tf.mul(variance, 1 - momentum)));
    }
    return { y: x.rank === 2 ? y : tf.reshape(y, x.shape), mean, variance };
  },
  formatToken: (spec) =>
    ['bn', ...(spec.momentum !== BN_MOMENTUM ? [`m${spec.momentum}`] : []), ...(spec.epsilon !== BN_EPSILON ? [`e${spec.epsilon}`] : [])].join('_'),
  parseToken: (text) => {
    const [head, ...options] = text.split('_');
    if (head !== 'bn') return null;
    const spec: BatchNormSpec = { kind: 'batchNorm', momentum: BN_MOMENTUM, epsilon: BN_EPSILON };
    for (const option of options) {
      const value = option.slice(1);
      if (!DECIMAL.test(value)) return null;
      if (option.startsWith('m')) spec.momentum = Number(value);
      else if (option.startsWith('e')) spec.epsilon = Number(value);
      else return null;
    }
    return spec;
  },
};
