import type * as Tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { glorotUniform } from './dense';
import { channelsOf, type LayerDef } from './layerDef';
import type { Conv2dSpec, Shape } from './spec';

export const MAX_FILTERS = 64;
export const KERNEL_SIZES = [3, 5] as const;
export const STRIDES = [1, 2] as const;

/** One spatial axis of the output, as TF computes it. */
const outSize = (size: number, spec: Conv2dSpec): number =>
  spec.padding === 'same' ? Math.ceil(size / spec.stride) : Math.floor((size - spec.kernel) / spec.stride) + 1;

/**
 * Conv2D (Keras' `Conv2D(filters, kernel, strides, padding)`, NHWC): kernel `[k, k, cin, filters]`
 * glorot-uniform with fan-in k·k·cin and fan-out k·k·filters, bias zeros. Forward is one fused
 * kernel (a following ReLU inside it), backward hand-written (`conv2dTrain`), so it trains on
 * WebAssembly too, where TF.js has no filter-gradient kernel.
 */
export const conv2d: LayerDef<Conv2dSpec> = {
  kind: 'conv2d',
  schema: z.object({
    kind: z.literal('conv2d'),
    filters: z
      .number({ error: 'Filters must be a number' })
      .int('Filters must be a whole number')
      .min(1, 'Filters must be at least 1')
      .max(MAX_FILTERS, `Filters must be at most ${MAX_FILTERS}`),
    kernel: z.union(
      KERNEL_SIZES.map((k) => z.literal(k)),
      { error: 'Kernel size must be 3 or 5' },
    ),
    stride: z.union(
      STRIDES.map((s) => z.literal(s)),
      { error: 'Stride must be 1 or 2' },
    ),
    padding: z.enum(['same', 'valid'], { error: "Padding must be 'same' or 'valid'" }),
  }) as z.ZodType<Conv2dSpec>,
  kerasClass: () => 'Conv2D',
  kerasName: () => 'conv2d',
  outShape: (spec, inShape): Shape | { error: string } => {
    if (inShape.length !== 3) return { error: 'Conv2D needs an image input (height, width, channels): put it before Flatten' };
    const [h, w] = inShape as [number, number, number];
    if (spec.padding === 'valid' && (spec.kernel > h || spec.kernel > w)) {
      return { error: `A ${spec.kernel}×${spec.kernel} kernel without padding is larger than its ${h}×${w} input` };
    }
    return [outSize(h, spec), outSize(w, spec), spec.filters];
  },
  params: (spec, inShape) => {
    const n = spec.kernel * spec.kernel * channelsOf(inShape) * spec.filters + spec.filters;
    return { total: n, trainable: n };
  },
  create: (spec, inShape, init) => {
    const area = spec.kernel * spec.kernel;
    const cin = channelsOf(inShape);
    const name = init.name('conv2d');
    const values = glorotUniform(area * cin, area * spec.filters, init.rng, init.initScale, area * cin * spec.filters);
    return [
      init.variable(values, [spec.kernel, spec.kernel, cin, spec.filters], true, `${name}/kernel`),
      init.variable(new Float32Array(spec.filters), [spec.filters], true, `${name}/bias`),
    ];
  },
  forward: (layer, x, ctx, fused) => {
    const [kernel, bias] = layer.variables as [Tf.Variable, Tf.Variable];
    const { stride, padding } = layer.spec;
    const activation = fused === 'relu' ? 'relu' : 'linear';
    return { y: ctx.kernels.conv2dTrain(x as Tf.Tensor4D, kernel, bias, { stride, padding, activation, inputGrad: ctx.inputGrad }) };
  },
  absorbs: (_spec, next) => next.kind === 'activation' && next.fn === 'relu',
  formatToken: (spec) =>
    [`conv${spec.filters}x${spec.kernel}`, ...(spec.stride !== 1 ? [`s${spec.stride}`] : []), ...(spec.padding === 'same' ? ['same'] : [])].join('_'),
  parseToken: (text) => {
    const m = /^conv(\d+)x(\d+)((?:_s\d+)?)((?:_same)?)$/.exec(text);
    if (!m) return null;
    return { kind: 'conv2d', filters: Number(m[1]), kernel: Number(m[2]), stride: m[3] ? Number(m[3].slice(2)) : 1, padding: m[4] ? 'same' : 'valid' };
  },
};
