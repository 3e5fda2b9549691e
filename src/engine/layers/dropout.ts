import { z } from 'zod';
import { DECIMAL, type LayerDef } from './layerDef';
import type { DropoutSpec } from './spec';

export const MAX_DROPOUT_RATE = 0.9;

export const dropoutRateSchema = z
  .number({ error: 'Dropout rate must be a number' })
  .refine(Number.isFinite, 'Dropout rate must be a number')
  .min(0, 'Dropout rate must be at least 0')
  .max(MAX_DROPOUT_RATE, `Dropout rate must be at most ${MAX_DROPOUT_RATE}`);

/**
 * Inverted dropout, as Keras and PyTorch do it: in training mode each value is zeroed with
 * probability `rate` and the others scaled by 1/(1 − rate), so inference mode is the identity.
 * The mask is drawn in JavaScript from the context's seeded stream (the run's own while training),
 * so same-seed runs are bit-identical and a run with dropout starts from the same weights as one
 * without. Backward by autodiff (the mask is a constant).
 */
export const dropout: LayerDef<DropoutSpec> = {
  kind: 'dropout',
  schema: z.object({ kind: z.literal('dropout'), rate: dropoutRateSchema }),
  kerasClass: () => 'Dropout',
  kerasName: () => 'dropout',
  outShape: (_spec, inShape) => inShape,
  params: () => ({ total: 0, trainable: 0 }),
  create: () => [],
  forward: (layer, x, ctx) => {
    const { rate } = layer.spec;
    if (ctx.mode === 'infer' || rate === 0) return { y: x };
    const scale = 1 / (1 - rate);
    const mask = new Float32Array(x.size);
    for (let i = 0; i < mask.length; i++) mask[i] = ctx.rng.next() < rate ? 0 : scale;
    const { tf } = ctx.kernels;
    return { y: tf.mul(x, tf.tensor(mask, x.shape, 'float32')) };
  },
  formatToken: (spec) => `drop${spec.rate}`,
  parseToken: (text) => {
    const m = /^drop(.+)$/.exec(text);
    return m && DECIMAL.test(m[1]!) ? { kind: 'dropout', rate: Number(m[1]) } : null;
  },
};
