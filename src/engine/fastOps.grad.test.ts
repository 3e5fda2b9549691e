import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchNormTrain, denseTrain, softmaxCrossEntropyMean, type FusedActivation } from './fastOps';
import { LN_EPSILON, layerNorm } from './layerNorm';

/**
 * Every hand-written backward pass in fastOps.ts against tfjs autodiff of the same function built
 * from plain ops, on random inputs of several shapes and seeds (cpu backend: the transpose-then-
 * matMul branch that wasm and cpu take; WebGL's branch is exercised by the WebGL e2e tests).
 * Each loss weights every output by a random factor, so the upstream gradient is random too.
 */

beforeAll(async () => {
  await tf.setBackend('cpu');
});

type Fn = (...inputs: tf.Tensor[]) => tf.Scalar;

/**
 * Per input, the largest gap between our gradient and autodiff's, relative to the largest
 * autodiff gradient of that input; asserts that no reference gradient is all zeros, so a
 * comparison is never vacuous.
 */
function relativeGaps(ours: Fn, reference: Fn, inputs: tf.Tensor[]): number[] {
  return tf.tidy(() => {
    const expected = tf.grads(reference)(inputs);
    const actual = tf.grads(ours)(inputs);
    return expected.map((e, i) => {
      expect(actual[i]!.shape).toEqual(e.shape);
      const scale = tf.max(tf.abs(e)).dataSync()[0]!;
      expect(scale, `gradient ${i} is not all zeros`).toBeGreaterThan(0);
      return tf.max(tf.abs(tf.sub(actual[i]!, e))).dataSync()[0]! / scale;
    });
  });
}

const worstRelativeGap = (ours: Fn, reference: Fn, inputs: tf.Tensor[]): number => Math.max(...relativeGaps(ours, reference, inputs));

/** `Σ y ⊙ w` for a fixed random `w` of `y`'s shape: a scalar whose gradient in `y` is `w`. */
const weighted = (y: tf.Tensor, seed: number): tf.Scalar => tf.sum(tf.mul(y, tf.randomNormal(y.shape, 0, 1, 'float32', seed)));

const activations: FusedActivation[] = ['linear', 'relu'];
const denseShapes: Array<[batch: number, inputs: number, units: number]> = [
  [1, 3, 8],
  [7, 5, 4],
  [32, 50, 17],
  [64, 128, 10],
];

describe('denseTrain: gradients equal autodiff of matMul + bias (+ ReLU)', () => {
  const plain = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor, activation: FusedActivation) => {
    const z = tf.add(tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D), b);
    return activation === 'relu' ? tf.relu(z) : z;
  };
  const cases = activations.flatMap((activation) => denseShapes.flatMap((shape, s) => [1, 2].map((seed) => [activation, shape, 10 * s + seed] as const)));

  it.each(cases)('%s, [batch, in, units] = %j, seed %i: in x, kernel and bias (inputGrad true)', (activation, [batch, inputs, units], seed) => {
    tf.tidy(() => {
      const x = tf.randomNormal([batch, inputs], 0, 1, 'float32', seed) as tf.Tensor2D;
      const w = tf.randomNormal([inputs, units], 0, 0.5, 'float32', seed + 1);
      const b = tf.randomNormal([units], 0, 0.5, 'float32', seed + 2);
      const ours = (xs: tf.Tensor, k: tf.Tensor, c: tf.Tensor) => weighted(denseTrain(xs as tf.Tensor2D, k, c, activation, true), seed + 3);
      const reference = (xs: tf.Tensor, k: tf.Tensor, c: tf.Tensor) => weighted(plain(xs, k, c, activation), seed + 3);
      expect(worstRelativeGap(ours, reference, [x, w, b])).toBeLessThan(1e-5);
      // The forward value too (one fused kernel against three ops).
      expect(tf.max(tf.abs(tf.sub(denseTrain(x, w, b, activation, true), plain(x, w, b, activation)))).dataSync()[0]).toBeLessThan(1e-5);
    });
  });

  it.each(cases)('%s, [batch, in, units] = %j, seed %i: in kernel and bias (inputGrad false)', (activation, [batch, inputs, units], seed) => {
    tf.tidy(() => {
      const x = tf.randomUniform([batch, inputs], 0, 1, 'float32', seed) as tf.Tensor2D;
      const w = tf.randomNormal([inputs, units], 0, 0.5, 'float32', seed + 1);
      const b = tf.randomNormal([units], 0, 0.5, 'float32', seed + 2);
      const ours = (k: tf.Tensor, c: tf.Tensor) => weighted(denseTrain(x, k, c, activation, false), seed + 3);
      const reference = (k: tf.Tensor, c: tf.Tensor) => weighted(plain(x, k, c, activation), seed + 3);
      expect(worstRelativeGap(ours, reference, [w, b])).toBeLessThan(1e-5);
    });
  });

  it('ReLU passes no gradient where the unit is off, and all of it where on', () => {
    tf.tidy(() => {
      // Bias −1 on unit 0 (always off for inputs in [0, 1) and a kernel of 0.1s), +1 on unit 1 (always on).
      const x = tf.randomUniform([6, 4], 0, 1, 'float32', 9) as tf.Tensor2D;
      const w = tf.fill([4, 2], 0.1);
      const b = tf.tensor1d([-1, 1]);
      const [dW, dB] = tf.grads((k: tf.Tensor, c: tf.Tensor) => tf.sum(denseTrain(x, k, c, 'relu', false)))([w, b]);
      expect(Array.from(dB!.dataSync())).toEqual([0, 6]);
      const columnSums = tf.sum(x, 0).dataSync();
      const dWValues = dW!.arraySync() as number[][];
      dWValues.forEach((row, i) => {
        expect(row[0]).toBe(0);
        expect(row[1]).toBeCloseTo(columnSums[i]!, 5);
      });
    });
  });
});

describe('batchNormTrain: gradients equal autodiff of tf.moments + tf.batchNorm', () => {
  const reference = (epsilon: number) => (x: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
    const { mean, variance } = tf.moments(x, 0);
    return tf.batchNorm(x as tf.Tensor2D, mean, variance, b, g, epsilon);
  };
  // gamma: Keras' initial ones, a random spread of both signs, near-zero, and large.
  const gammas: Array<[string, (units: number, seed: number) => tf.Tensor]> = [
    ['ones', (units) => tf.ones([units])],
    ['random ±', (units, seed) => tf.randomNormal([units], 0, 1, 'float32', seed)],
    ['near zero', (units, seed) => tf.randomUniform([units], -1e-3, 1e-3, 'float32', seed)],
    ['large', (units, seed) => tf.randomUniform([units], 5, 20, 'float32', seed)],
  ];
  const shapes: Array<[batch: number, units: number, epsilon: number]> = [
    [2, 3, 1e-3],
    [8, 1, 1e-3],
    [32, 64, 1e-3],
    [16, 5, 1e-5],
  ];
  const cases = gammas.flatMap(([name], g) => shapes.map((shape, s) => [name, shape, 100 * g + 10 * s + 1] as const));

  it.each(cases)('gamma %s, [batch, units, epsilon] = %j, seed %i: in x, gamma and beta, and the same output', (name, [batch, units, epsilon], seed) => {
    tf.tidy(() => {
      // An offset and scale per unit, as a Dense layer's outputs have.
      const x = tf.add(
        tf.mul(tf.randomNormal([batch, units], 0, 1, 'float32', seed), tf.randomUniform([units], 0.1, 4, 'float32', seed + 1)),
        tf.randomNormal([units], 0, 3, 'float32', seed + 2),
      ) as tf.Tensor2D;
      const gamma = gammas.find(([n]) => n === name)![1](units, seed + 3);
      const beta = tf.randomNormal([units], 0, 1, 'float32', seed + 4);
      const ours = (xs: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => weighted(batchNormTrain(xs as tf.Tensor2D, g, b, epsilon).y, seed + 5);
      const theirs = (xs: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => weighted(reference(epsilon)(xs, g, b), seed + 5);
      // At batch 2 each normalised value is ±1 up to ε, so the true gradient in x is the small
      // residue of terms that cancel: float32 leaves up to 1.2e-4 of it (measured), 1e-7 elsewhere.
      expect(worstRelativeGap(ours, theirs, [x, gamma, beta])).toBeLessThan(batch === 2 ? 1e-3 : 1e-5);
      const y = batchNormTrain(x, gamma, beta, epsilon).y;
      expect(tf.max(tf.abs(tf.sub(y, reference(epsilon)(x, gamma, beta)))).dataSync()[0]).toBeLessThan(1e-4);
    });
  });

  it('gives a gradient in x that sums to zero over the batch, per unit (shifting a unit changes nothing)', () => {
    tf.tidy(() => {
      const x = tf.randomNormal([10, 4], 2, 3, 'float32', 7) as tf.Tensor2D;
      const gamma = tf.randomNormal([4], 0, 1, 'float32', 8);
      const dx = tf.grad((xs: tf.Tensor) => weighted(batchNormTrain(xs as tf.Tensor2D, gamma, tf.zeros([4]), 1e-3).y, 9))(x);
      tf.sum(dx, 0)
        .dataSync()
        .forEach((v) => expect(Math.abs(v)).toBeLessThan(1e-4));
    });
  });
});

describe('softmaxCrossEntropyMean: value and gradient equal autodiff of log-softmax cross-entropy', () => {
  const shapes: Array<[batch: number, classes: number, logitScale: number]> = [
    [1, 10, 1],
    [7, 2, 3],
    [32, 10, 0.1],
    [32, 10, 5],
    [64, 10, 30],
  ];
  const cases = shapes.flatMap((shape, s) => [1, 2].map((seed) => [shape, 10 * s + seed] as const));
  // −mean over the batch of Σ t·log softmax(z), from plain ops, the loss scaled by 3 so the upstream gradient is not 1.
  const reference = (z: tf.Tensor, t: tf.Tensor) => tf.mul(tf.neg(tf.mean(tf.sum(tf.mul(t, tf.logSoftmax(z)), 1))), 3) as tf.Scalar;

  it.each(cases)('[batch, classes, logit scale] = %j, seed %i', ([batch, classes, scale], seed) => {
    tf.tidy(() => {
      const logits = tf.randomNormal([batch, classes], 0, scale, 'float32', seed) as tf.Tensor2D;
      const labels = tf.tensor1d(
        Array.from({ length: batch }, (_, i) => (i * 7 + seed) % classes),
        'int32',
      );
      const targets = tf.cast(tf.oneHot(labels, classes), 'float32') as tf.Tensor2D;
      const ours = tf.valueAndGrad((z: tf.Tensor) => tf.mul(softmaxCrossEntropyMean(z as tf.Tensor2D, targets), 3) as tf.Scalar)(logits);
      const theirs = tf.valueAndGrad((z: tf.Tensor) => reference(z, targets))(logits);
      const value = theirs.value.dataSync()[0]!;
      expect(Math.abs(ours.value.dataSync()[0]! - value) / Math.max(value, 1)).toBeLessThan(1e-5);
      expect(
        worstRelativeGap(
          (z) => tf.mul(softmaxCrossEntropyMean(z as tf.Tensor2D, targets), 3) as tf.Scalar,
          (z) => reference(z, targets),
          [logits],
        ),
      ).toBeLessThan(1e-5);
      // The same loss as tfjs' own.
      expect(ours.value.dataSync()[0]).toBeCloseTo(3 * (tf.losses.softmaxCrossEntropy(targets, logits).dataSync()[0] ?? NaN), 4);
    });
  });
});

describe('the LayerNorm path (Dense, then LayerNorm and activation in either order): gradients equal autodiff of plain ops', () => {
  /** LayerNorm from sums, as written in the Keras docs: each row over its own units. */
  const plainLayerNorm = (x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor) => {
    const n = x.shape[1]!;
    const mean = tf.div(tf.sum(x, 1, true), n);
    const centred = tf.sub(x, mean);
    const variance = tf.div(tf.sum(tf.square(centred), 1, true), n);
    return tf.add(tf.mul(tf.div(centred, tf.sqrt(tf.add(variance, LN_EPSILON))), gamma), beta);
  };
  const activate = { relu: tf.relu, sigmoid: tf.sigmoid, tanh: tf.tanh } as const;
  const cases = (['relu', 'sigmoid', 'tanh'] as const).flatMap((fn) =>
    (['before', 'after'] as const).flatMap((position) =>
      [
        [4, 6, 5],
        [32, 20, 12],
      ].map(([batch, inputs, units], s) => [fn, position, [batch!, inputs!, units!], 10 * s + 1] as const),
    ),
  );

  it.each(cases)(
    '%s, LayerNorm %s the activation, [batch, in, units] = %j, seed %i: in x, kernel, bias, gamma and beta',
    (fn, position, [batch, inputs, units], seed) => {
      tf.tidy(() => {
        const act = activate[fn];
        const x = tf.randomNormal([batch, inputs], 0, 1, 'float32', seed) as tf.Tensor2D;
        const w = tf.randomNormal([inputs, units], 0, 0.5, 'float32', seed + 1);
        const b = tf.randomNormal([units], 0, 0.5, 'float32', seed + 2);
        const gamma = tf.randomNormal([units], 1, 0.5, 'float32', seed + 3);
        const beta = tf.randomNormal([units], 0, 0.5, 'float32', seed + 4);
        const ours = (xs: tf.Tensor, k: tf.Tensor, c: tf.Tensor, g: tf.Tensor, be: tf.Tensor) => {
          const dense = denseTrain(xs as tf.Tensor2D, k, c, 'linear', true);
          const y =
            position === 'before' ? act(layerNorm(dense, g as tf.Tensor1D, be as tf.Tensor1D)) : layerNorm(act(dense), g as tf.Tensor1D, be as tf.Tensor1D);
          return weighted(y, seed + 5);
        };
        const reference = (xs: tf.Tensor, k: tf.Tensor, c: tf.Tensor, g: tf.Tensor, be: tf.Tensor) => {
          const dense = tf.add(tf.matMul(xs as tf.Tensor2D, k as tf.Tensor2D), c);
          const y = position === 'before' ? act(plainLayerNorm(dense, g, be)) : plainLayerNorm(act(dense), g, be);
          return weighted(y, seed + 5);
        };
        expect(worstRelativeGap(ours, reference, [x, w, b, gamma, beta])).toBeLessThan(1e-5);
      });
    },
  );
});

describe('a tutorial-shaped stack of all three (Dense, BatchNorm, ReLU, Dense, loss)', () => {
  it.each([1, 2, 3])('seed %i: gradients in every weight equal autodiff of plain ops', (seed) => {
    tf.tidy(() => {
      const x = tf.randomUniform([32, 40], 0, 1, 'float32', seed) as tf.Tensor2D;
      const targets = tf.cast(
        tf.oneHot(
          tf.tensor1d(
            Array.from({ length: 32 }, (_, i) => (i * 3 + seed) % 10),
            'int32',
          ),
          10,
        ),
        'float32',
      ) as tf.Tensor2D;
      const weights = [
        tf.randomNormal([40, 16], 0, 0.3, 'float32', seed + 1),
        tf.randomNormal([16], 0, 0.1, 'float32', seed + 2),
        tf.randomNormal([16], 1, 0.3, 'float32', seed + 3),
        tf.randomNormal([16], 0, 0.3, 'float32', seed + 4),
        tf.randomNormal([16, 10], 0, 0.3, 'float32', seed + 5),
        tf.randomNormal([10], 0, 0.1, 'float32', seed + 6),
      ];
      const ours = (k1: tf.Tensor, b1: tf.Tensor, g: tf.Tensor, be: tf.Tensor, k2: tf.Tensor, b2: tf.Tensor) => {
        const bn = batchNormTrain(denseTrain(x, k1, b1, 'linear', false), g, be, 1e-3).y;
        return softmaxCrossEntropyMean(denseTrain(tf.relu(bn), k2, b2, 'linear', true), targets);
      };
      const reference = (k1: tf.Tensor, b1: tf.Tensor, g: tf.Tensor, be: tf.Tensor, k2: tf.Tensor, b2: tf.Tensor) => {
        const dense = tf.add(tf.matMul(x, k1 as tf.Tensor2D), b1);
        const { mean, variance } = tf.moments(dense, 0);
        const h = tf.relu(tf.batchNorm(dense as tf.Tensor2D, mean, variance, be, g, 1e-3));
        const logits = tf.add(tf.matMul(h, k2 as tf.Tensor2D), b2);
        return tf.neg(tf.mean(tf.sum(tf.mul(targets, tf.logSoftmax(logits)), 1))) as tf.Scalar;
      };
      // The Dense bias right before BatchNorm has a true gradient of zero (BN subtracts the batch
      // mean): both sides give float noise there, so it is checked to be tiny instead of compared.
      const gaps = relativeGaps(ours, reference, weights);
      expect(Math.max(...gaps.filter((_, i) => i !== 1))).toBeLessThan(1e-5);
      const [dKernel, dBias] = tf.grads(ours)(weights);
      expect(tf.max(tf.abs(dBias!)).dataSync()[0]).toBeLessThan(1e-6 * tf.max(tf.abs(dKernel!)).dataSync()[0]! + 1e-7);
    });
  });
});

describe('the hand-written passes free their tensors', () => {
  it('denseTrain (both inputGrad modes), batchNormTrain and softmaxCrossEntropyMean leave no tensor behind', () => {
    const x = tf.randomNormal([4, 3]) as tf.Tensor2D;
    const w = tf.randomNormal([3, 2]);
    const b = tf.zeros([2]);
    const targets = tf.oneHot(tf.tensor1d([0, 1, 1, 0], 'int32'), 2).cast('float32') as tf.Tensor2D;
    const before = tf.memory().numTensors;
    const loss = (y: tf.Tensor2D) => softmaxCrossEntropyMean(batchNormTrain(y, tf.ones([2]), tf.zeros([2]), 1e-3).y, targets);
    tf.dispose(tf.tidy(() => tf.grads((xs: tf.Tensor, k: tf.Tensor, c: tf.Tensor) => loss(denseTrain(xs as tf.Tensor2D, k, c, 'relu', true)))([x, w, b])));
    tf.dispose(tf.tidy(() => tf.grads((k: tf.Tensor, c: tf.Tensor) => loss(denseTrain(x, k, c, 'relu', false)))([w, b])));
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, w, b, targets]);
  });
});
