import * as tf from '@tensorflow/tfjs-core';
// Gradients of the loss; tfjs-core alone registers none.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { gatherInputs, splitIndices, type Split } from './dataTensors';
import { crossEntropy } from './metrics';
import { LANDSCAPE_STEP_SIZES } from './landscapeSchedule';
import { forward, trainableVariables, type Model } from './model';

export { LANDSCAPE_BATCH_SIZE, LANDSCAPE_STEP_SIZES } from './landscapeSchedule';

/**
 * The loss landscape along the gradient, as Santurkar et al. measure it (NeurIPS 2018, "How Does
 * Batch Normalization Help Optimization?", Figure 4): at a step of training, take the gradient g
 * of the loss on a batch, move the weights w to w − η·g for several step sizes η, and look at how
 * much the loss and the gradient change there. A smooth landscape changes little: the gradient
 * predicts what a step will do. BatchNorm's claim, in their account, is that it makes it so.
 */

/** What the landscape looked like along −g after one step of training. */
export interface Landscape {
  /** The step sizes η, in the order of `losses` and `gradChanges`. */
  stepSizes: number[];
  /** Loss on the batch at the weights themselves (training mode: BatchNorm on the batch's statistics). */
  loss: number;
  /** Loss at w − η·g for each η. */
  losses: number[];
  /** ‖g‖: the L2 norm of the gradient over every trainable variable. */
  gradNorm: number;
  /** ‖g(w) − g(w − η·g)‖ for each η: how far the gradient there is from the one that pointed the way. */
  gradChanges: number[];
  /** The largest minus the smallest of `loss` and `losses`: the paper's "loss landscape" (its shaded band). */
  lossRange: number;
  /** The largest of `gradChanges`: the paper's "gradient predictiveness" (smaller is more predictive). */
  maxGradChange: number;
  /** The largest ‖g(w) − g(w − η·g)‖ / (η·‖g‖): the paper's "effective β-smoothness" (0 when g is 0). */
  beta: number;
}

/** The loss landscape at one probe , with what measuring it cost. */
export interface LandscapeProbe extends Landscape {
  /** Wall time the measurement took, ms (not counted in the probe's own `ms`). */
  ms: number;
}

/** How a run measures the loss landscape at some of its probes; absent from `ProbeOptions`: never. */
export interface LandscapeOptions {
  /** Steps between measurements, at least: one at the first probe, then one at the first probe this far past the last (or after the last step). */
  every: number;
  /** Optional, default LANDSCAPE_STEP_SIZES. */
  stepSizes?: readonly number[];
  /**
   * Optional: a due measurement is skipped while the measurements so far have taken more than this
   * share of the training time; the first is always taken. Absent: every due one is taken.
   */
  maxTimeShare?: number;
}

let variableCounter = 0;

/**
 * A model that shares `net`'s spec and non-trainable variables (moving statistics) but holds each
 * trainable variable `w` as `shift(w)` in a new variable, pushed onto `made` for the caller to
 * dispose. `net` is only read, element by element.
 */
function shiftedModel(net: Model, shift: (v: tf.Variable) => tf.Tensor, made: tf.Variable[]): Model {
  const layers = net.layers.map((layer) => ({
    ...layer,
    variables: layer.variables.map((v) => {
      if (!v.trainable) return v;
      variableCounter += 1;
      const moved = tf.variable(shift(v), true, `landscape_${variableCounter}`);
      made.push(moved);
      return moved;
    }),
  }));
  return { config: net.config, layers };
}

/** The loss on (xs, labels) in training mode and its gradient in each of `variables`, in their order. Changes no variable. */
function lossAndGrads(net: Model, variables: tf.Variable[], xs: tf.Tensor2D, labels: tf.Tensor1D): { loss: tf.Scalar; grads: tf.Tensor[] } {
  const { value, grads } = tf.variableGrads(() => crossEntropy(forward(net, xs, 'train', { updateMovingStats: false }), labels), variables);
  return { loss: value, grads: variables.map((v) => grads[v.name]!) };
}

/** ‖a − b‖ over lists of same-shaped tensors, as one L2 norm. */
const distance = (a: tf.Tensor[], b: tf.Tensor[]): tf.Scalar => tf.sqrt(tf.addN(a.map((t, i) => tf.sum(tf.square(tf.sub(t, b[i]!))))));

/**
 * `[loss, ‖g‖, loss(η) per η, ‖g − g(η)‖ per η]` for `net` on the rows `rows` of `split`, as one
 * tensor the caller owns. Variables made on the way are pushed onto `made`.
 *
 * Why the forward passes run on copies even at w: tfjs' WebAssembly backend keeps each matMul's
 * weights packed (XNNPACK), keyed by the weight tensor, and our fused training step updates the
 * model's variables in place; a pass over the model's own variables would read weights packed at
 * an earlier step, and leave packed ones behind for the run's later evaluations. Copies are new
 * tensors, freed (and unpacked) here.
 */
function landscapeTensor(net: Model, split: Split, rows: Int32Array, stepSizes: readonly number[], made: tf.Variable[]): tf.Tensor1D {
  return tf.tidy(() => {
    const idx = splitIndices(split, rows);
    const xs = gatherInputs(split, idx);
    const labels = tf.gather(split.source.labels, idx);
    const copy = shiftedModel(net, (v) => tf.add(v, 0), made);
    const here = lossAndGrads(copy, trainableVariables(copy), xs, labels);
    const byName = new Map(trainableVariables(net).map((v, i) => [v.name, here.grads[i]!]));
    const zero = here.grads.map((g) => tf.zerosLike(g));
    const moved = stepSizes.map((eta) => {
      const shifted = shiftedModel(net, (v) => tf.sub(v, tf.mul(byName.get(v.name)!, eta)), made);
      return lossAndGrads(shifted, trainableVariables(shifted), xs, labels);
    });
    return tf.concat([
      tf.stack([here.loss, distance(here.grads, zero)]),
      tf.stack(moved.map((m) => m.loss)),
      tf.stack(moved.map((m) => distance(here.grads, m.grads))),
    ]) as tf.Tensor1D;
  });
}

/** The summary figures from the values `landscapeTensor` read back. */
export function summarise(stepSizes: readonly number[], values: Float32Array): Landscape {
  const k = stepSizes.length;
  const loss = values[0]!;
  const gradNorm = values[1]!;
  const losses = Array.from(values.subarray(2, 2 + k));
  const gradChanges = Array.from(values.subarray(2 + k, 2 + 2 * k));
  const all = [loss, ...losses];
  const betas = gradChanges.map((c, i) => (gradNorm > 0 ? c / (stepSizes[i]! * gradNorm) : 0));
  return {
    stepSizes: [...stepSizes],
    loss,
    losses,
    gradNorm,
    gradChanges,
    lossRange: Math.max(...all) - Math.min(...all),
    maxGradChange: Math.max(0, ...gradChanges),
    beta: Math.max(0, ...betas),
  };
}

/**
 * Measures the landscape of `net` along its gradient on the rows `rows` of `split`. Changes
 * nothing in `net`: the moved weights live in variables of their own, freed here, and BatchNorm's
 * moving statistics are not updated (dropout, if any, uses a fixed mask at every point). One
 * read-back from the device; `read` may wrap it (e.g. `RunControl.guard`). Every tensor it makes
 * is freed, whatever happens.
 */
export async function measureLandscape(
  net: Model,
  split: Split,
  rows: Int32Array,
  stepSizes: readonly number[] = LANDSCAPE_STEP_SIZES,
  read: (values: Promise<Float32Array>) => Promise<Float32Array> = (v) => v,
): Promise<Landscape> {
  if (rows.length < 2) throw new Error('A landscape measurement needs at least 2 images.');
  if (stepSizes.length === 0 || stepSizes.some((s) => !(s > 0))) throw new Error('A landscape measurement needs positive step sizes.');
  const made: tf.Variable[] = [];
  let packed: tf.Tensor1D | null = null;
  try {
    packed = landscapeTensor(net, split, rows, stepSizes, made);
    // The moved weights are no longer needed once the values are computed (the read waits for them).
    const values = read(packed.data<'float32'>());
    return summarise(stepSizes, await values);
  } finally {
    packed?.dispose();
    made.forEach((v) => v.dispose());
  }
}
