import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { layerNorm as layerNormOp, LN_EPSILON } from '../layerNorm';
import { channelsOf, DECIMAL, variable, type LayerDef } from './layerDef';
import type { LayerNormSpec } from './spec';

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
    return [variable(new Float32Array(c).fill(1), [c], true, `${name}/gamma`), variable(new Float32Array(c), [c], true, `${name}/beta`)];
  },
  forward: (layer, x) => {
    const [gamma, beta] = layer.variables as [tf.Variable, tf.Variable];
    const rows = x.rank === 2 ? (x as tf.Tensor2D) : tf.reshape(x, [-1, x.shape[x.rank - 1]!]) as tf.Tensor2D;
    const y = layerNormOp(rows, gamma, beta, layer.spec.epsilon);
    return { y: x.rank === 2 ? y : tf.reshape(y, x.shape) };
  },
  formatToken: (spec) => (spec.epsilon === LN_EPSILON ? 'ln' : `ln_e${spec.epsilon}`),
  parseToken: (text) => {
    if (text === 'ln') return { kind: 'layerNorm', epsilon: LN_EPSILON };
    const m = /^ln_e(.+)$/.exec(text);
    return m && DECIMAL.test(m[1]!) ? { kind: 'layerNorm', epsilon: Number(m[1]) } : null;
  },
};
