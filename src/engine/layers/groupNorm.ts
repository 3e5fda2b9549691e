import type * as Tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { channelsOf, DECIMAL, type LayerDef } from './layerDef';
import type { GroupNormSpec } from './spec';

/** Keras 3's GroupNormalization default epsilon. */
export const GN_EPSILON = 1e-3;

/**
 * GroupNorm over the last axis in `groups` groups (Keras 3's GroupNormalization(groups, axis=-1),
 * PyTorch's GroupNorm): each sample normalised over its positions and its group's channels,
 * gamma and beta per channel, nothing moving, so training and inference agree at any batch size.
 * Groups 1 normalises over everything a sample has; groups = channels is instance normalisation.
 */
export const groupNorm: LayerDef<GroupNormSpec> = {
  kind: 'groupNorm',
  schema: z.object({
    kind: z.literal('groupNorm'),
    groups: z
      .number({ error: 'Groups must be a number' })
      .int('Groups must be a whole number')
      .min(1, 'Groups must be at least 1')
      .max(64, 'Groups must be at most 64'),
    epsilon: z
      .number({ error: 'GN epsilon must be a number' })
      .refine(Number.isFinite, 'GN epsilon must be a number')
      .min(1e-8, 'GN epsilon must be at least 1e-8')
      .max(1, 'GN epsilon must be at most 1'),
  }),
  kerasClass: () => 'GroupNormalization',
  kerasName: () => 'group_normalization',
  outShape: (spec, inShape) => {
    const c = channelsOf(inShape);
    return c % spec.groups === 0 ? inShape : { error: `${spec.groups} groups do not divide its ${c} channels evenly` };
  },
  params: (_spec, inShape) => ({ total: 2 * channelsOf(inShape), trainable: 2 * channelsOf(inShape) }),
  create: (_spec, inShape, init) => {
    const c = channelsOf(inShape);
    const name = init.name('group_normalization');
    return [init.variable(new Float32Array(c).fill(1), [c], true, `${name}/gamma`), init.variable(new Float32Array(c), [c], true, `${name}/beta`)];
  },
  forward: (layer, x, ctx) => {
    const [gamma, beta] = layer.variables as [Tf.Variable, Tf.Variable];
    return { y: ctx.kernels.groupNorm(x, gamma, beta, layer.spec.groups, layer.spec.epsilon) };
  },
  formatToken: (spec) => [`gn${spec.groups}`, ...(spec.epsilon !== GN_EPSILON ? [`e${spec.epsilon}`] : [])].join('_'),
  parseToken: (text) => {
    const m = /^gn(\d+)(?:_e(.+))?$/.exec(text);
    if (!m || (m[2] !== undefined && !DECIMAL.test(m[2]))) return null;
    return { kind: 'groupNorm', groups: Number(m[1]), epsilon: m[2] !== undefined ? Number(m[2]) : GN_EPSILON };
  },
};
