import type * as Tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import type { LayerDef } from './layerDef';
import type { PoolSpec } from './spec';

const pool = (kind: PoolSpec['kind']): LayerDef<PoolSpec> => {
  const max = kind === 'maxPool';
  const token = max ? 'maxpool' : 'avgpool';
  return {
    kind,
    schema: z.object({
      kind: z.literal(kind),
      size: z
        .number({ error: 'Pool size must be a number' })
        .int('Pool size must be a whole number')
        .min(2, 'Pool size must be at least 2')
        .max(8, 'Pool size must be at most 8'),
    }) as z.ZodType<PoolSpec>,
    kerasClass: () => (max ? 'MaxPooling2D' : 'AveragePooling2D'),
    kerasName: () => (max ? 'max_pooling2d' : 'average_pooling2d'),
    outShape: (spec, inShape) => {
      if (inShape.length !== 3) return { error: 'Pooling needs an image input (height, width, channels)' };
      const [h, w, c] = inShape as [number, number, number];
      if (spec.size > h || spec.size > w) return { error: `A ${spec.size}×${spec.size} pool is larger than its ${h}×${w} input` };
      return [Math.floor(h / spec.size), Math.floor(w / spec.size), c];
    },
    params: () => ({ total: 0, trainable: 0 }),
    create: () => [],
    forward: (layer, x, ctx) => {
      const { tf } = ctx.kernels;
      const image = x as Tf.Tensor4D;
      const s = layer.spec.size;
      return { y: max ? tf.maxPool(image, s, s, 'valid') : ctx.kernels.avgPoolTrain(image, s) };
    },
    formatToken: (spec) => `${token}${spec.size}`,
    parseToken: (text) => (new RegExp(`^${token}\\d+$`).test(text) ? { kind, size: Number(text.slice(token.length)) } : null),
  };
};

/** Non-overlapping max pooling (Keras' MaxPooling2D(size), stride = size, valid padding); backward by autodiff. */
export const maxPool = pool('maxPool');
/** Non-overlapping average pooling (Keras' AveragePooling2D(size)); backward hand-written on WebAssembly (`avgPoolTrain`). */
export const avgPool = pool('avgPool');
