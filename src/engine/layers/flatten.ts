import { z } from 'zod';
import { sizeOf, type LayerDef } from './layerDef';
import type { FlattenSpec } from './spec';

/** Flatten: `[h, w, c]` to `[h·w·c]` (row-major, as Keras); free on every backend. */
export const flatten: LayerDef<FlattenSpec> = {
  kind: 'flatten',
  schema: z.object({ kind: z.literal('flatten') }),
  kerasClass: () => 'Flatten',
  kerasName: () => 'flatten',
  outShape: (_spec, inShape) => [sizeOf(inShape)],
  params: () => ({ total: 0, trainable: 0 }),
  create: () => [],
  forward: (layer, x, ctx) => ({ y: x.rank === 2 ? x : ctx.kernels.tf.reshape(x, [-1, layer.outShape[0]!]) }),
  formatToken: () => 'flat',
  parseToken: (text) => (text === 'flat' ? { kind: 'flatten' } : null),
};
