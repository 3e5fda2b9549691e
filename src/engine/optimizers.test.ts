import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ADAM, adamStepSize, createOptimizer } from './optimizers';
import { createRng } from './rng';
import { KerasAdam } from './testing/kerasAdam';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const owned: tf.TensorContainer[] = [];
const disposers: Array<() => void> = [];
afterEach(() => {
  tf.dispose(owned.splice(0));
  disposers.splice(0).forEach((f) => f());
});

/** Gradients spanning 1e-9 … 1 in size, both signs: where √v is near ε the Keras and tfjs rules part. */
function gradients(seed: number, steps: number, size: number): Float32Array[] {
  const rng = createRng(seed);
  const scale = Float32Array.from({ length: size }, (_, i) => 10 ** -(i % 10));
  return Array.from({ length: steps }, () => Float32Array.from(scale, (s) => s * (rng.next() * 2 - 1)));
}

/** Runs `steps` updates of one variable from `start` with the given gradients; returns the final values. */
function run(apply: (v: tf.Variable, g: tf.Tensor) => void, start: Float32Array, grads: Float32Array[]): Float32Array {
  const v = tf.variable(tf.tensor1d(start));
  owned.push(v);
  for (const g of grads) tf.tidy(() => apply(v, tf.tensor1d(g)));
  return v.dataSync() as Float32Array;
}

function maxRelativeDiff(a: Float32Array, b: Float32Array, start: Float32Array): number {
  // Relative to how far each entry moved, so that entries moved by 1e-6 count as much as those moved by 1e-2.
  return Math.max(...Array.from(a, (x, i) => Math.abs(x - b[i]!) / Math.max(Math.abs(b[i]! - start[i]!), 1e-12)));
}

describe('Adam follows Keras 3', () => {
  it('takes the first step Keras takes, by hand: lr·√(1−β₂)/(1−β₁) · m/(√v+ε)', () => {
    const lr = 0.01;
    const g = [1e-7, -3e-9, 0.5];
    const ours = createOptimizer('adam', lr);
    disposers.push(() => ours.dispose());
    const after = run((v, grad) => ours.apply([v], [grad]), new Float32Array(3), [Float32Array.from(g)]);
    const expected = g.map((x) => {
      const m = (1 - ADAM.beta1) * x;
      const v = (1 - ADAM.beta2) * x * x;
      return -((lr * Math.sqrt(1 - ADAM.beta2)) / (1 - ADAM.beta1)) * (m / (Math.sqrt(v) + ADAM.epsilon));
    });
    expected.forEach((x, i) => expect(after[i]).toBeCloseTo(x, 7));
    // tfjs' rule would have stepped the 1e-7 entry by lr/2 (ε on √v̂ = 1e-7), Keras' by about 0.031·lr.
    expect(Math.abs(after[0]! + lr / 2)).toBeGreaterThan(lr / 3);
    expect(adamStepSize(lr, 1)).toBeCloseTo((lr * Math.sqrt(0.001)) / 0.1, 12);
  });

  it.each([1, 2, 3])('matches the written-out Keras reference over 30 steps (seed %i), where tf.train.adam does not', (seed) => {
    const size = 40;
    const lr = 1e-3;
    const grads = gradients(seed, 30, size);
    // From zero, so float32 resolves each entry's movement however small it is.
    const start = new Float32Array(size);
    const ours = createOptimizer('adam', lr);
    const keras = new KerasAdam(lr, ADAM.beta1, ADAM.beta2, ADAM.epsilon);
    const tfjs = tf.train.adam(lr, ADAM.beta1, ADAM.beta2, ADAM.epsilon);
    disposers.push(
      () => ours.dispose(),
      () => keras.dispose(),
      () => tfjs.dispose(),
    );
    const a = run((v, g) => ours.apply([v], [g]), start, grads);
    const b = run((v, g) => keras.applyGradients({ [v.name]: g }), start, grads);
    const c = run((v, g) => tfjs.applyGradients([{ name: v.name, tensor: g }]), start, grads);
    // Measured: ours within 7e-5 of the reference (float32 rounding where steps of both signs nearly
    // cancel), tf.train.adam off by 15× to 190× on the tiniest gradients.
    expect(maxRelativeDiff(a, b, start)).toBeLessThan(1e-3);
    expect(maxRelativeDiff(c, b, start)).toBeGreaterThan(0.5);
  });

  it('keeps its slot layout (m then v per variable) and leaks no tensor', () => {
    const ours = createOptimizer('adam', 0.1);
    disposers.push(() => ours.dispose());
    const v = tf.variable(tf.tensor1d([1, 2]));
    owned.push(v);
    const slots = ours.slotVariables([v]);
    expect(slots.length).toBe(2);
    const before = tf.memory().numTensors;
    tf.tidy(() => ours.apply([v], [tf.tensor1d([0.5, -2])]));
    tf.tidy(() => ours.apply([v], [tf.tensor1d([0.5, -2])]));
    expect(tf.memory().numTensors).toBe(before);
    // m is the mean of the gradients (1 − 0.9² of them after two equal steps), v that of their squares.
    expect(Array.from(slots[0]!.dataSync())).toEqual([expect.closeTo(0.5 * 0.19, 6), expect.closeTo(-2 * 0.19, 6)]);
    expect(Array.from(slots[1]!.dataSync())).toEqual([expect.closeTo(0.25 * (1 - 0.999 ** 2), 8), expect.closeTo(4 * (1 - 0.999 ** 2), 8)]);
    expect(ours.iterations).toBe(2);
  });
});
