import { z } from 'zod';
import type { LayerDef } from './layerDef';
import type { GlobalAvgPoolSpec } from './spec';

/** The mean of each channel over height and width: `[h, w, c]` to `[c]` (Keras' GlobalAveragePooling2D). */
export const globalAvgPool: LayerDef<GlobalAvgPoolSpec> = {
  kind: 'globalAvgPool',
  schema: z.object({ kind: z.literal('globalAvgPool') }),
  kerasClass: () => 'GlobalAveragePooling2D',
  kerasName: () => 'global_average_pooling2d',
  outShape: (_spec, inShape) => (inShape.length === 3 ? [inShape[2]!] : { error: 'Global average pooling needs an image input (height, width, channels)' }),
  params: () => ({ total: 0, trainable: 0 }),
  create: () => [],
  forward: (_layer, x, ctx) => ({ y: ctx.kernels.tf.mean(x, [1, 2]) }),
  formatToken: () => 'gap',
  parseToken: (text) => (text === 'gap' ? { kind: 'globalAvgPool' } : null),
};
