import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradients; the union package does, but we do not ship it.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { CLASSES } from './config';
import { gatherInputs, splitIndices, type Splits } from './dataTensors';
import { softmaxCrossEntropyMean } from './fastOps';
import { correctCount } from './metrics';
import { forward, trainableVariables, type Model } from './model';
import type { Optimizer } from './optimizers';
import { createRng, deriveSeed, type Rng } from './rng';
import { fusedTrainStep } from './wasm/fusedStep';

export function stepsPerEpoch(trainCount: number, batchSize: number): number {
  return Math.ceil(trainCount / batchSize);
}

/** The seed purpose of dropout's masks (1: weights, 2: batch order), so dropout moves neither other stream. */
export const DROPOUT_STREAM = 3;

/**
 * One optimisation step on the rows `idx`; dropout's masks come from `dropoutRng`. Returns `[loss, accuracy]` as a tensor the caller
 * must dispose; everything else is freed here. Side effects: updates the weights, the optimizer's
 * slots and the BatchNorm moving statistics.
 */
export function trainStep(
  net: Model,
  optimizer: Optimizer,
  splits: Splits,
  order: Int32Array,
  dropoutRng: Rng = createRng(deriveSeed(0, DROPOUT_STREAM)),
): tf.Tensor1D {
  // On WebAssembly, a plain MLP with Adam trains through our fused kernels; anything else through tfjs.
  const fused = fusedTrainStep(net, optimizer, splits.train, order);
  if (fused) return fused;
  return tf.tidy(() => {
    const idx = splitIndices(splits.train, order);
    const xs = gatherInputs(splits.train, idx);
    const labels = tf.gather(splits.train.source.labels, idx);
    const targets = tf.cast(tf.oneHot(labels, CLASSES), 'float32') as tf.Tensor2D;
    let stats: tf.Tensor1D | null = null;
    const variables = trainableVariables(net);
    const { grads } = tf.variableGrads(() => {
      const logits = forward(net, xs, 'train', { rng: dropoutRng });
      const loss = softmaxCrossEntropyMean(logits, targets);
      // Kept past the gradient scope; the caller disposes it after reading it back.
      stats = tf.keep(tf.stack([loss, tf.div(correctCount(logits, labels), order.length)]) as tf.Tensor1D);
      return loss;
    }, variables);
    optimizer.apply(
      variables,
      variables.map((v) => grads[v.name]!),
    );
    return stats!;
  });
}
