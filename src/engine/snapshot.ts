import * as tf from '@tensorflow/tfjs-core';
import { allVariables, type Model } from './model';
import type { Optimizer } from './optimizers';

/** The divergence check's running state (see `createDivergenceCheck`). */
export interface DivergenceState {
  steps: number;
  first: number;
  ema: number;
}

/**
 * A run's whole training state between two steps, as plain numbers and arrays (no tensors), so a
 * run can continue on another backend exactly where it was: after a lost WebGL context, on
 * WebAssembly. Taken with deliveries of steps (see `trainModel`).
 */
export interface TrainSnapshot {
  /** Steps trained (and delivered) so far. */
  step: number;
  /** The epoch in progress, 1-based; past the last epoch only the test evaluation is left. */
  epoch: number;
  /** The next batch of that epoch, 0-based; equal to the steps per epoch when its validation is due. */
  batch: number;
  /** That epoch's batch order, or null when the epoch has not begun (it is drawn on resume). */
  order: Int32Array | null;
  /** The batch-order generator's state after drawing `order` (see `Rng.state`). */
  orderRngState: number;
  /** Dropout's mask generator's state (see `Rng.state`). */
  dropoutRngState: number;
  /** Training rows it was taken on: a snapshot continues only on the same data. */
  trainCount: number;
  samplesSeen: number;
  /** Training time so far, pauses left out. */
  elapsedMs: number;
  learningRate: number;
  optimizerIterations: number;
  divergence: DivergenceState;
  /**
   * Every variable of the model (`allVariables` order: weights and BatchNorm moving statistics),
   * then the optimizer's slots, each flattened, concatenated. float32.
   */
  values: Float32Array;
}

/** Where a halted run continues: its last snapshot, and what it had delivered by the halt. */
export interface Resume {
  /** Null if it was halted before its first snapshot: it starts again from its seed. */
  snapshot: TrainSnapshot | null;
  /**
   * The last step delivered (at or after the snapshot's): the steps between are trained again
   * but not reported again, so a chart goes on from the next step.
   */
  deliveredStep: number;
  /** The training time shown with that step; the continued run's clock goes on from it. */
  deliveredMs: number;
}

function stateVariables(net: Model, optimizer: Optimizer): tf.Variable[] {
  const variables = allVariables(net);
  return [...variables, ...optimizer.slotVariables(variables.filter((v) => v.trainable))];
}

/** Floats in a snapshot of this model and optimizer. */
export function snapshotSize(net: Model, optimizer: Optimizer): number {
  return stateVariables(net, optimizer).reduce((n, v) => n + v.size, 0);
}

/**
 * The model's and optimizer's state as one `[snapshotSize]` float32 tensor, so a snapshot is one
 * read-back from the device. The caller owns it. Side effect: creates the optimizer's slots if
 * no step has run yet.
 */
export function stateTensor(net: Model, optimizer: Optimizer): tf.Tensor1D {
  const variables = stateVariables(net, optimizer);
  return tf.tidy(() => tf.concat(variables.map((v) => tf.reshape(v, [-1]))) as tf.Tensor1D);
}

/**
 * Writes a snapshot's `values` into the model's variables and the optimizer's slots, and sets
 * the optimizer's learning rate and update count. Side effect: assigns all of them.
 * Throws if the snapshot does not fit this model.
 */
export function restoreState(net: Model, optimizer: Optimizer, snapshot: TrainSnapshot): void {
  const variables = stateVariables(net, optimizer);
  const expected = variables.reduce((n, v) => n + v.size, 0);
  if (snapshot.values.length !== expected) {
    throw new Error(`The snapshot holds ${snapshot.values.length} values; this model and optimizer need ${expected}.`);
  }
  let offset = 0;
  tf.tidy(() => {
    for (const v of variables) {
      // A copy: on the cpu backend a tensor may keep the very array it was made from.
      v.assign(tf.tensor(snapshot.values.slice(offset, offset + v.size), v.shape, 'float32'));
      offset += v.size;
    }
  });
  optimizer.setLearningRate(snapshot.learningRate);
  optimizer.setIterations(snapshot.optimizerIterations);
}
