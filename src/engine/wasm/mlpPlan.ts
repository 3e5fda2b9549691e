import type * as Tf from '@tensorflow/tfjs-core';
import type { Model } from '../model';
import type { Activation } from '../layers/spec';

/** One Dense layer of a network our fused kernels can train, with what follows it. */
export interface FusedDense {
  /** `[inUnits, units]` and `[units]`. */
  kernel: Tf.Variable;
  bias: Tf.Variable;
  inUnits: number;
  units: number;
  /** BatchNorm in training mode right after the Dense (before the activation). */
  bn: { gamma: Tf.Variable; beta: Tf.Variable; movingMean: Tf.Variable; movingVariance: Tf.Variable; momentum: number; epsilon: number } | null;
  /** The activation after it; the output layer's is linear (the loss applies the softmax). */
  activation: Activation | 'linear';
}

/**
 * The network as our fused kernels train it, or null when it is not of their pattern: an
 * optional Flatten, then hidden blocks Dense → [BatchNorm] → ReLU/sigmoid/tanh, then the output
 * Dense. Anything else (dropout, LayerNorm, BN after the activation, convolutions, a Dense
 * without an activation) goes through tfjs. Pure.
 */
export function fusedPlanOf(model: Model): FusedDense[] | null {
  const layers = model.layers;
  let i = layers[0]?.spec.kind === 'flatten' ? 1 : 0;
  if (layers[i]?.inShape.length !== 1) return null;
  const plan: FusedDense[] = [];
  while (i < layers.length) {
    const dense = layers[i];
    if (dense?.spec.kind !== 'dense') return null;
    const [kernel, bias] = dense.variables as [Tf.Variable, Tf.Variable];
    const entry: FusedDense = { kernel, bias, inUnits: dense.inShape[0]!, units: dense.spec.units, bn: null, activation: 'linear' };
    i += 1;
    const norm = layers[i];
    if (norm?.spec.kind === 'batchNorm') {
      const [gamma, beta, movingMean, movingVariance] = norm.variables as [Tf.Variable, Tf.Variable, Tf.Variable, Tf.Variable];
      entry.bn = { gamma, beta, movingMean, movingVariance, momentum: norm.spec.momentum, epsilon: norm.spec.epsilon };
      i += 1;
    }
    const act = layers[i];
    if (act?.spec.kind === 'activation') {
      entry.activation = act.spec.fn;
      i += 1;
    }
    plan.push(entry);
    // Hidden blocks need an activation; only the output Dense goes without (and without BN).
    const last = i >= layers.length;
    if (last !== (entry.activation === 'linear') || (last && entry.bn)) return null;
  }
  return plan.length > 0 ? plan : null;
}

/** The plan's trainable variables in the engine's order (`trainableVariables`): kernel, bias, then gamma, beta, layer by layer. */
export const fusedTrainables = (plan: FusedDense[]): Tf.Variable[] =>
  plan.flatMap((d) => [d.kernel, d.bias, ...(d.bn ? [d.bn.gamma, d.bn.beta] : [])]);
