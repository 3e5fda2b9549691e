import * as tf from '@tensorflow/tfjs-core';
import type { OptimizerKind } from './config';

/**
 * Our own optimizers rather than `tf.train.*`: the learning rate must change mid-run (tfjs keeps
 * it protected), and owning the slots keeps every tensor's lifetime visible. The update rules are
 * those of `tf.train.adam` / `sgd` / `momentum`, which a test checks step for step.
 */
export interface Optimizer {
  /** Applies one update. Side effect: assigns the variables and the optimizer's slots. Call inside `tf.tidy`. */
  apply(variables: tf.Variable[], grads: tf.Tensor[]): void;
  setLearningRate(learningRate: number): void;
  readonly learningRate: number;
  /** Updates applied so far (Adam's bias correction depends on it). */
  readonly iterations: number;
  /** Continues the count from a snapshot. */
  setIterations(iterations: number): void;
  /**
   * The slot variables for `variables`, for snapshots: Adam's m and v, momentum's accumulator,
   * each one flat vector over all of `variables` in their order; SGD has none. Side effect:
   * creates them (zeros) if no update has run yet.
   */
  slotVariables(variables: tf.Variable[]): tf.Variable[];
  dispose(): void;
}

/** Keras' Adam defaults (epsilon 1e-7, not tfjs' 1e-8), as in the tutorial's `optimizer='adam'`. */
export const ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 } as const;
export const MOMENTUM = 0.9;

function zeros(size: number): tf.Variable {
  return tf.tidy(() => tf.variable(tf.zeros([size]), false));
}

/** All of `tensors`, flattened and concatenated: `[Σ sizes]`. */
function flatten(tensors: tf.Tensor[]): tf.Tensor1D {
  return tf.concat(tensors.map((t) => tf.reshape(t, [-1]))) as tf.Tensor1D;
}

/**
 * Adam and momentum keep their slots as one flat vector over all variables and update it with a
 * handful of large kernels, instead of a dozen small kernels per variable: on WebGL, where each
 * kernel is a shader dispatch, that is most of the optimizer's cost (10 variables: ~30 kernels a
 * step instead of ~150). The new weights are written back with one slice per variable.
 */
export function createOptimizer(kind: OptimizerKind, learningRate: number): Optimizer {
  let lr = learningRate;
  let slots: tf.Variable[] | null = null;
  let step = 0;
  const slotCount = kind === 'adam' ? 2 : kind === 'momentum' ? 1 : 0;

  function ensureSlots(variables: tf.Variable[]): tf.Variable[] {
    const size = variables.reduce((n, v) => n + v.size, 0);
    slots ??= Array.from({ length: slotCount }, () => zeros(size));
    return slots;
  }

  /** Writes `flatten(variables) − delta` back into `variables`. */
  function subtractFlat(variables: tf.Variable[], delta: tf.Tensor1D): void {
    const updated = tf.sub(flatten(variables), delta);
    const parts = tf.split(updated, variables.map((v) => v.size));
    variables.forEach((v, i) => v.assign(tf.reshape(parts[i]!, v.shape)));
  }

  return {
    get learningRate() {
      return lr;
    },
    setLearningRate(next: number) {
      lr = next;
    },
    get iterations() {
      return step;
    },
    setIterations(iterations: number) {
      step = iterations;
    },
    slotVariables(variables) {
      return ensureSlots(variables);
    },
    apply(variables, grads) {
      const all = ensureSlots(variables);
      step += 1;
      switch (kind) {
        case 'sgd':
          // Two kernels per variable already; flattening would not save any.
          variables.forEach((v, i) => v.assign(tf.sub(v, tf.mul(grads[i]!, lr))));
          break;
        case 'momentum': {
          const acc = all[0]!;
          acc.assign(tf.add(tf.mul(acc, MOMENTUM), flatten(grads)));
          subtractFlat(variables, tf.mul(acc, lr));
          break;
        }
        case 'adam': {
          const [m, u] = all as [tf.Variable, tf.Variable];
          const g = flatten(grads);
          m.assign(tf.add(tf.mul(m, ADAM.beta1), tf.mul(g, 1 - ADAM.beta1)));
          u.assign(tf.add(tf.mul(u, ADAM.beta2), tf.mul(tf.square(g), 1 - ADAM.beta2)));
          // lr · m̂ / (sqrt(û) + ε) with the bias corrections folded into scalars.
          const correction1 = 1 / (1 - ADAM.beta1 ** step);
          const correction2 = 1 / (1 - ADAM.beta2 ** step);
          const denominator = tf.add(tf.sqrt(tf.mul(u, correction2)), ADAM.epsilon);
          subtractFlat(variables, tf.div(tf.mul(m, lr * correction1), denominator));
          break;
        }
        default: {
          const unknown: never = kind;
          throw new Error(`unknown optimizer ${String(unknown)}`);
        }
      }
    },
    dispose() {
      slots?.forEach((v) => v.dispose());
      slots = null;
    },
  };
}
