import type * as Tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import type { LayerDef } from './layerDef';
import { ACTIVATIONS, type Activation, type ActivationSpec } from './spec';

export function activate<T extends Tf.Tensor>(tf: typeof Tf, x: T, fn: Activation): T {
  switch (fn) {
    case 'relu':
      return tf.relu(x);
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'tanh':
      return tf.tanh(x);
    default: {
      const unknown: never = fn;
      throw new Error(`unknown activation ${String(unknown)}`);
    }
  }
}

/** An elementwise activation (Keras' ReLU layer, or Activation('sigmoid' | 'tanh')); backward by autodiff. */
export const activation: LayerDef<ActivationSpec> = {
  kind: 'activation',
  schema: z.object({ kind: z.literal('activation'), fn: z.enum(ACTIVATIONS, { error: `Activation must be one of ${ACTIVATIONS.join(', ')}` }) }),
  kerasClass: (spec) => (spec.fn === 'relu' ? 'ReLU' : 'Activation'),
  kerasName: (spec) => (spec.fn === 'relu' ? 're_lu' : 'activation'),
  outShape: (_spec, inShape) => inShape,
  params: () => ({ total: 0, trainable: 0 }),
  create: () => [],
  forward: (layer, x, ctx) => ({ y: activate(ctx.kernels.tf, x, layer.spec.fn) }),
  formatToken: (spec) => spec.fn,
  parseToken: (text) => {
    const fn = ACTIVATIONS.find((a) => a === text);
    return fn ? { kind: 'activation', fn } : null;
  },
};
