import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';

/** Largest gap between two tensors, relative to the largest magnitude of `expected` (which must not be all zeros). */
export const relativeGap = (actual: tf.Tensor, expected: tf.Tensor): number =>
  tf.tidy(() => {
    expect(actual.shape).toEqual(expected.shape);
    const scale = tf.max(tf.abs(expected)).dataSync()[0]!;
    expect(scale, 'the reference is not all zeros').toBeGreaterThan(0);
    return tf.max(tf.abs(tf.sub(actual, expected))).dataSync()[0]! / scale;
  });
