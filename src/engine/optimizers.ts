import * as tf from '@tensorflow/tfjs-core';
import type { OptimizerKind } from './config';
import { adamStepWebgl } from './webglAdam';

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
   * The slot variables for `variables` (Adam: m and v per variable, momentum: one, SGD: none), in
   * a stable order, for snapshots. Side effect: creates them (zeros) if no update has yet.
   */
  slotVariables(variables: tf.Variable[]): tf.Variable[];
  dispose(): void;
}

/** Keras' Adam defaults (epsilon 1e-7, not tfjs' 1e-8), as in the tutorial's `optimizer='adam'`. */
export const ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 } as const;
export const MOMENTUM = 0.9;

function zerosLike(v: tf.Variable): tf.Variable {
  return tf.tidy(() => tf.variable(tf.zerosLike(v), false));
}

/**
 * `options.shaders: false` keeps Adam in tfjs ops on WebGL too, instead of `adamStepWebgl`'s
 * shader programs: the reference the shader is checked against (src/e2e/webglKernels.e2e.ts).
 */
export function createOptimizer(kind: OptimizerKind, learningRate: number, options: { shaders?: boolean } = {}): Optimizer {
  let lr = learningRate;
  let slots: tf.Variable[][] | null = null;
  let step = 0;
  const slotCount = kind === 'adam' ? 2 : kind === 'momentum' ? 1 : 0;

  function ensureSlots(variables: tf.Variable[]): tf.Variable[][] {
    if (!slots) slots = variables.map((v) => Array.from({ length: slotCount }, () => zerosLike(v)));
    return slots;
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
      return ensureSlots(variables).flat();
    },
    apply(variables, grads) {
      const all = ensureSlots(variables);
      step += 1;
      const correction1 = 1 / (1 - ADAM.beta1 ** step);
      const correction2 = 1 / (1 - ADAM.beta2 ** step);
      const onWebgl = (options.shaders ?? true) && tf.getBackend() === 'webgl';
      variables.forEach((v, i) => {
        const g = grads[i]!;
        const s = all[i]!;
        switch (kind) {
          case 'sgd':
            v.assign(tf.sub(v, tf.mul(g, lr)));
            break;
          case 'momentum': {
            const acc = s[0]!;
            acc.assign(tf.add(tf.mul(acc, MOMENTUM), g));
            v.assign(tf.sub(v, tf.mul(acc, lr)));
            break;
          }
          case 'adam': {
            const m = s[0]!;
            const u = s[1]!;
            if (onWebgl) {
              adamStepWebgl(v, g, m, u, { ...ADAM, step: lr * correction1, correction2 });
              break;
            }
            m.assign(tf.add(tf.mul(m, ADAM.beta1), tf.mul(g, 1 - ADAM.beta1)));
            u.assign(tf.add(tf.mul(u, ADAM.beta2), tf.mul(tf.square(g), 1 - ADAM.beta2)));
            const mHat = tf.mul(m, correction1);
            const uHat = tf.mul(u, correction2);
            v.assign(tf.sub(v, tf.mul(tf.div(mHat, tf.add(tf.sqrt(uHat), ADAM.epsilon)), lr)));
            break;
          }
          default: {
            const unknown: never = kind;
            throw new Error(`unknown optimizer ${String(unknown)}`);
          }
        }
      });
    },
    dispose() {
      slots?.flat().forEach((v) => v.dispose());
      slots = null;
    },
  };
}
