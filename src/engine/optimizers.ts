import * as tf from '@tensorflow/tfjs-core';
import type { OptimizerKind } from './config';
import { adamStepWebgl } from './webglAdam';

/**
 * Our own optimizers rather than `tf.train.*`: the learning rate must change mid-run (tfjs keeps
 * it protected), and owning the slots keeps every tensor's lifetime visible. SGD and momentum
 * follow `tf.train.sgd` / `momentum`; Adam follows Keras 3 (`keras/src/optimizers/adam.py`), whose
 * ε is added to √v rather than to √v̂ as `tf.train.adam` does: see `adamStepSize`.
 * src/engine/kerasEquivalence.test.ts checks each step for step.
 */
export interface Optimizer {
  readonly kind: OptimizerKind;
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

/**
 * Keras' Adam step size at update `step` (1 for the first): lr·√(1−β₂ᵗ)/(1−β₁ᵗ). Keras folds both
 * bias corrections into it and then updates var −= lr_t·m/(√v+ε) with the raw moments, so its ε
 * acts as ε/√(1−β₂ᵗ) added to √v̂ (tfjs adds ε itself). The two differ only for gradients
 * about that small: 3e-6 at the first step, 1e-7 after a few thousand.
 */
export function adamStepSize(learningRate: number, step: number): number {
  return (learningRate * Math.sqrt(1 - ADAM.beta2 ** step)) / (1 - ADAM.beta1 ** step);
}

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
    kind,
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
      const alpha = adamStepSize(lr, step);
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
              adamStepWebgl(v, g, m, u, { ...ADAM, alpha });
              break;
            }
            // Keras' update, term for term: m += (g − m)(1 − β₁); v += (g² − v)(1 − β₂); var −= m·α / (√v + ε).
            m.assign(tf.add(m, tf.mul(tf.sub(g, m), 1 - ADAM.beta1)));
            u.assign(tf.add(u, tf.mul(tf.sub(tf.square(g), u), 1 - ADAM.beta2)));
            v.assign(tf.sub(v, tf.div(tf.mul(m, alpha), tf.add(tf.sqrt(u), ADAM.epsilon))));
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
