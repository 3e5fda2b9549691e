import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchNormTrain, softmaxCrossEntropyMean } from './fastOps';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const maxAbsDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);

describe('hand-written gradients match autodiff', () => {
  it('batchNormTrain: output, batch statistics and the gradients in x, gamma and beta', () => {
    tf.tidy(() => {
      const x = tf.randomNormal([16, 5], 3, 2, 'float32', 1) as tf.Tensor2D;
      const gamma = tf.randomUniform([5], 0.5, 1.5, 'float32', 2) as tf.Tensor1D;
      const beta = tf.randomNormal([5], 0, 1, 'float32', 3) as tf.Tensor1D;
      // A loss that weights every output differently, so no gradient is trivially zero.
      const weights = tf.randomNormal([16, 5], 0, 1, 'float32', 4);
      const reference = (xs: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
        const { mean, variance } = tf.moments(xs, 0);
        return tf.sum(tf.mul(tf.batchNorm(xs as tf.Tensor2D, mean, variance, b, g, 1e-3), weights)) as tf.Scalar;
      };
      const ours = (xs: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(batchNormTrain(xs as tf.Tensor2D, g, b, 1e-3).y, weights)) as tf.Scalar;
      const expected = tf.grads(reference)([x, gamma, beta]);
      const actual = tf.grads(ours)([x, gamma, beta]);
      expected.forEach((e, i) => expect(maxAbsDiff(actual[i]!, e)).toBeLessThan(1e-4));
      // The gradient in x is not vacuous.
      expect(tf.max(tf.abs(actual[0]!)).dataSync()[0]).toBeGreaterThan(1e-2);

      const { y, mean, variance } = batchNormTrain(x, gamma, beta, 1e-3);
      const moments = tf.moments(x, 0);
      expect(maxAbsDiff(mean, moments.mean)).toBeLessThan(1e-5);
      expect(maxAbsDiff(variance, moments.variance)).toBeLessThan(1e-4);
      expect(maxAbsDiff(y, tf.batchNorm(x, moments.mean, moments.variance, beta, gamma, 1e-3))).toBeLessThan(1e-5);
    });
  });

  it('softmaxCrossEntropyMean: value and gradient equal tf.losses.softmaxCrossEntropy', () => {
    tf.tidy(() => {
      const logits = tf.randomNormal([8, 10], 0, 3, 'float32', 5) as tf.Tensor2D;
      const targets = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 9], 'int32'), 10).cast('float32') as tf.Tensor2D;
      const expected = tf.valueAndGrad((z: tf.Tensor) => tf.losses.softmaxCrossEntropy(targets, z) as tf.Scalar)(logits);
      const actual = tf.valueAndGrad((z: tf.Tensor) => softmaxCrossEntropyMean(z as tf.Tensor2D, targets))(logits);
      expect(actual.value.dataSync()[0]).toBeCloseTo(expected.value.dataSync()[0]!, 5);
      expect(maxAbsDiff(actual.grad, expected.grad)).toBeLessThan(1e-6);
    });
  });

  it('leaves no tensor behind', () => {
    const x = tf.randomNormal([4, 3]) as tf.Tensor2D;
    const g = tf.ones([3]);
    const b = tf.zeros([3]);
    const before = tf.memory().numTensors;
    tf.dispose(tf.tidy(() => tf.grads((xs: tf.Tensor) => tf.sum(batchNormTrain(xs as tf.Tensor2D, g, b, 1e-3).y))([x])));
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, g, b]);
  });
});
