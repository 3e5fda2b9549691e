import type * as Tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { channelsOf, DECIMAL, type LayerDef } from './layerDef';
import type { LayerNormSpec } from './spec';

/** Keras' LayerNormalization default epsilon. */
export const LN_EPSILON = 1e-3;

/**
 * LayerNorm over the last axis (Keras' LayerNormalization(axis=-1)): each sample normalised over
 * its own units, trainable gamma and beta, no moving statistics, so training and inference
 * compute the same thing at any batch size. Backward by autodiff.
 */
export const layerNorm: LayerDef<LayerNormSpec> = {
  kind: 'layerNorm',
  schema: z.object({
    kind: z.literal('layerNorm'),
    epsilon: z
      .number({ error: 'LN epsilon must be a number' })
      .refine(Number.isFinite, 'LN epsilon must be a number')
      .min(1e-8, 'LN epsilon must be at least 1e-8')
      .max(1, 'LN epsilon must be at most 1'),
  }),
  kerasClass: () => 'LayerNormalization',
  kerasName: () => 'layer_normalization',
  outShape: (_spec, inShape) => inShape,
  params: (_spec, inShape) => ({ total: 2 * channelsOf(inShape), trainable: 2 * channelsOf(inShape) }),
  create: (_spec, inShape, init) => {
    const c = channelsOf(inShape);
    const name = init.name('layer_normalization');
    return [init.variable(new Float32Array(c).fill(1), [c], true, `${name}/gamma`), init.variable(new Float32Array(c), [c], true, `${name}/beta`)];
  },
  forward: (layer, x, ctx) => {
    const { tf } = ctx.kernels;
    const [gamma, beta] = layer.variables as [Tf.Variable, Tf.Variable];
    const rows = x.rank === 2 ? (x as Tf.Tensor2D) : (tf.reshape(x, [-1, x.shape[x.rank - 1]!]) as Tf.Tensor2D);
    const y = ctx.kernels.layerNorm(rows, gamma, beta, layer.spec.epsilon);
    return { y: x.rank === 2 ? y : tf.reshape(y, x.shape) };
  },
  formatToken: (spec) => (spec.epsilon === LN_EPSILON ? 'ln' : `ln_e${spec.epsilon}`),
  parseToken: (text) => {
    if (text === 'ln') return { kind: 'layerNorm', epsilon: LN_EPSILON };
    const m = /^ln_e(.+)$/.exec(text);
    return m && DECIMAL.test(m[1]!) ? { kind: 'layerNorm', epsilon: Number(m[1]) } : null;
  },
};
