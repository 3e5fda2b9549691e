import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchNormTrain, columnMeans, columnSums } from './fastOps';
import { groupNorm } from './conv';
import { avgPoolTrain } from './pooling';
import { relativeGap } from './testing/relativeGap';

/**
 * The paths that only WebAssembly takes: column means through average pooling (BatchNorm's
 * statistics and gradients, the convolution's bias gradient), GroupNorm's hand-written backward
 * pass and average pooling's backward pass through a resize, each against tfjs' own ops and
 * autodiff on the same backend, and against the cpu backend.
 */

beforeAll(async () => {
  await tf.setBackend('wasm');
});
afterAll(async () => {
  await tf.setBackend('cpu');
});

/** `Σ y ⊙ w` for a fixed random `w`: a scalar whose gradient in `y` is `w`. */
const weighted = (y: tf.Tensor, seed: number): tf.Scalar => tf.sum(tf.mul(y, tf.randomNormal(y.shape, 0, 1, 'float32', seed)));

describe('columnMeans and columnSums on WebAssembly', () => {
  // Rows as BatchNorm sees them: a Dense batch, convolution outputs (batch · h · w), a prime count, a tiny batch.
  const shapes: Array<[rows: number, channels: number]> = [
    [256, 120],
    [2 * 24 * 24, 6],
    [64 * 14 * 14, 32],
    [3 * 7 * 7, 64],
    [997, 3],
    [2, 5],
  ];

  it.each(shapes)('[%i, %i]: equal tf.mean and tf.sum over the rows', (rows, channels) => {
    tf.tidy(() => {
      const x = tf.add(tf.randomNormal([rows, channels], 0, 2, 'float32', rows), tf.linspace(-3, 3, channels)) as tf.Tensor2D;
      expect(relativeGap(columnMeans(x), tf.mean(x, 0))).toBeLessThan(1e-5);
      expect(relativeGap(columnSums(x), tf.sum(x, 0))).toBeLessThan(1e-5);
      expect(columnMeans(x).shape).toEqual([channels]);
    });
  });
});

describe('batchNormTrain on WebAssembly: per-channel statistics and gradients equal autodiff of tf.moments + tf.batchNorm', () => {
  const reference = (epsilon: number) => (x: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
    const { mean, variance } = tf.moments(x, 0);
    return tf.batchNorm(x as tf.Tensor2D, mean, variance, b, g, epsilon);
  };
  // [batch · h · w, channels] of LeNet's first convolution at batch 2, the convnet's second block, a Dense layer.
  const shapes: Array<[rows: number, channels: number, epsilon: number]> = [
    [2 * 24 * 24, 6, 1e-5],
    [4 * 14 * 14, 32, 1e-3],
    [256, 84, 1e-5],
  ];

  it.each(shapes)('[%i, %i], epsilon %f: output, batch statistics and the gradients in x, gamma and beta', (rows, channels, epsilon) => {
    tf.tidy(() => {
      const x = tf.add(
        tf.mul(tf.randomNormal([rows, channels], 0, 1, 'float32', 1), tf.randomUniform([channels], 0.1, 4, 'float32', 2)),
        tf.randomNormal([channels], 0, 3, 'float32', 3),
      ) as tf.Tensor2D;
      const gamma = tf.randomNormal([channels], 1, 0.5, 'float32', 4);
      const beta = tf.randomNormal([channels], 0, 1, 'float32', 5);
      const ours = batchNormTrain(x, gamma, beta, epsilon);
      const moments = tf.moments(x, 0);
      expect(relativeGap(ours.mean, moments.mean)).toBeLessThan(1e-5);
      expect(relativeGap(ours.variance, moments.variance)).toBeLessThan(1e-5);
      expect(relativeGap(ours.y, reference(epsilon)(x, gamma, beta))).toBeLessThan(1e-5);
      const f = (xs: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => weighted(batchNormTrain(xs as tf.Tensor2D, g, b, epsilon).y, 6);
      const r = (xs: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => weighted(reference(epsilon)(xs, g, b), 6);
      const actual = tf.grads(f)([x, gamma, beta]);
      const expected = tf.grads(r)([x, gamma, beta]);
      actual.forEach((a, i) => expect(relativeGap(a, expected[i]!), `gradient ${i}`).toBeLessThan(1e-4));
    });
  });

  it('leaves no tensor behind', () => {
    const x = tf.randomNormal([2 * 24 * 24, 6]) as tf.Tensor2D;
    const [gamma, beta] = [tf.ones([6]), tf.zeros([6])];
    const before = tf.memory().numTensors;
    const grads = tf.grads((xs: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => weighted(batchNormTrain(xs as tf.Tensor2D, g, b, 1e-3).y, 1))([x, gamma, beta]);
    // The three gradients and nothing else.
    expect(tf.memory().numTensors).toBe(before + 3);
    tf.dispose(grads);
    tf.dispose([x, gamma, beta]);
  });
});

describe('avgPoolTrain: the value and the gradient in x equal autodiff of tf.avgPool', () => {
  // [batch, h, w, c] and the pool size: LeNet's two pools, odd sizes with a row and column left over, size 4, and size 3 (autodiff).
  const cases: Array<[shape: [number, number, number, number], size: number]> = [
    [[4, 24, 24, 6], 2],
    [[4, 8, 8, 16], 2],
    [[3, 7, 9, 5], 2],
    [[2, 13, 12, 3], 4],
    [[2, 9, 9, 2], 3],
  ];

  it.each(cases)('%j, size %i, on wasm and cpu', async (shape, size) => {
    for (const backend of ['wasm', 'cpu']) {
      await tf.setBackend(backend);
      const before = tf.memory().numTensors;
      tf.tidy(() => {
        const x = tf.randomNormal(shape, 0, 1, 'float32', 7) as tf.Tensor4D;
        expect(relativeGap(avgPoolTrain(x, size), tf.avgPool(x, size, size, 'valid'))).toBeLessThan(1e-6);
        const ours = tf.grad((xs: tf.Tensor) => weighted(avgPoolTrain(xs as tf.Tensor4D, size), 8))(x);
        const theirs = tf.grad((xs: tf.Tensor) => weighted(tf.avgPool(xs as tf.Tensor4D, size, size, 'valid'), 8))(x);
        expect(relativeGap(ours, theirs)).toBeLessThan(1e-6);
      });
      expect(tf.memory().numTensors).toBe(before);
    }
    await tf.setBackend('wasm');
  });
});

describe('groupNorm on WebAssembly: the value and the gradients in x, gamma and beta equal autodiff of tf.moments per sample and group', () => {
  /** GroupNorm from tfjs ops, differentiated by autodiff (what groupNorm computes off WebAssembly). */
  const reference = (groups: number, epsilon: number) => (x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor) => {
    const c = x.shape[x.rank - 1]!;
    const grouped = tf.reshape(x, [x.shape[0]!, -1, groups, c / groups]);
    const { mean, variance } = tf.moments(grouped, [1, 3], true);
    return tf.add(tf.mul(tf.reshape(tf.mul(tf.sub(grouped, mean), tf.rsqrt(tf.add(variance, epsilon))), x.shape), gamma), beta);
  };
  // The ladder's convnet blocks (8 groups), instance norm (a group per channel), one group, a Dense input.
  const cases: Array<[shape: number[], groups: number]> = [
    [[2, 28, 28, 32], 8],
    [[3, 7, 7, 64], 8],
    [[2, 6, 5, 4], 4],
    [[2, 6, 5, 6], 1],
    [[5, 128], 8],
  ];

  it.each(cases)('%j, %i groups', (shape, groups) => {
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const c = shape.at(-1)!;
      const x = tf.add(
        tf.mul(tf.randomNormal(shape, 0, 1, 'float32', 11), tf.randomUniform([c], 0.2, 3, 'float32', 12)),
        tf.randomNormal([c], 0, 2, 'float32', 13),
      );
      const gamma = tf.randomNormal([c], 1, 0.5, 'float32', 14);
      const beta = tf.randomNormal([c], 0, 1, 'float32', 15);
      const plain = reference(groups, 1e-3);
      expect(relativeGap(groupNorm(x, gamma, beta, groups, 1e-3), plain(x, gamma, beta))).toBeLessThan(1e-5);
      const ours = tf.grads((xs: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => weighted(groupNorm(xs, g, b, groups, 1e-3), 16))([x, gamma, beta]);
      const theirs = tf.grads((xs: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => weighted(plain(xs, g, b), 16))([x, gamma, beta]);
      ours.forEach((a, i) => expect(relativeGap(a, theirs[i]!), `gradient ${i}`).toBeLessThan(1e-4));
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});
