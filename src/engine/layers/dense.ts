import type * as Tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import type { Rng } from '../rng';
import type { LayerDef } from './layerDef';
import type { DenseSpec } from './spec';

export const MAX_UNITS = 2048;

/**
 * Keras' glorot_uniform: `count` values (a Dense kernel's fanIn · fanOut by default) from U(-l, l)
 * with l = sqrt(6 / (fanIn + fanOut)), times `scale` (after drawing, so the stream is the same at any scale).
 */
export function glorotUniform(fanIn: number, fanOut: number, rng: Rng, scale = 1, count = fanIn * fanOut): Float32Array {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const values = new Float32Array(count);
  for (let i = 0; i < values.length; i++) values[i] = (rng.next() * 2 - 1) * limit;
  // Scaled after rounding to float32, as runs before the layer list were: same weights bit for bit.
  if (scale !== 1) for (let i = 0; i < values.length; i++) values[i]! *= scale;
  return values;
}

/** A Dense layer's width. */
export const unitsSchema = z
  .number({ error: 'Units must be a number' })
  .refine(Number.isFinite, 'Units must be a number')
  .refine(Number.isInteger, 'Units must be a whole number')
  .min(1, 'Units must be at least 1')
  .max(MAX_UNITS, `Units must be at most ${MAX_UNITS.toLocaleString('en-US')}`);

/**
 * Dense: `x · kernel + bias`, kernel `[in, units]` glorot-uniform, bias zeros (Keras). Forward and
 * backward are `denseTrain`'s fused kernel with a hand-written gradient; a following ReLU is
 * computed inside it.
 */
export const dense: LayerDef<DenseSpec> = {
  kind: 'dense',
  schema: z.object({ kind: z.literal('dense'), units: unitsSchema }),
  kerasClass: () => 'Dense',
  kerasName: () => 'dense',
  outShape: (spec, inShape) => (inShape.length === 1 ? [spec.units] : { error: 'Dense needs a flat input: put a Flatten before it' }),
  params: (spec, inShape) => {
    const n = inShape[0]! * spec.units + spec.units;
    return { total: n, trainable: n };
  },
  create: (spec, inShape, init) => {
    const fanIn = inShape[0]!;
    const name = init.name('dense');
    return [
      init.variable(glorotUniform(fanIn, spec.units, init.rng, init.initScale), [fanIn, spec.units], true, `${name}/kernel`),
      init.variable(new Float32Array(spec.units), [spec.units], true, `${name}/bias`),
    ];
  },
  forward: (layer, x, ctx, fused) => {
    const [kernel, bias] = layer.variables as [Tf.Variable, Tf.Variable];
    return { y: ctx.kernels.denseTrain(x as Tf.Tensor2D, kernel, bias, fused === 'relu' ? 'relu' : 'linear', ctx.inputGrad) };
  },
  absorbs: (_spec, next) => next.kind === 'activation' && next.fn === 'relu',
  formatToken: (spec) => `d${spec.units}`,
  parseToken: (text) => (/^d\d+$/.test(text) ? { kind: 'dense', units: Number(text.slice(1)) } : null),
};
