import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_PENDING_STEPS, METRIC_STACK_SIZES, stackMetrics } from './stackMetrics';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('stackMetrics', () => {
  it('stacks the steps in order, padded with zero rows to a power of two', async () => {
    const pending = [1, 2, 3].map((i) => tf.tensor1d([i, i / 10]));
    const stacked = stackMetrics(pending);
    expect(stacked.shape).toEqual([4, 2]);
    expect(Array.from(await stacked.data())).toEqual([1, 0.1, 2, 0.2, 3, 0.3, 0, 0].map((v) => Math.fround(v)));
    stacked.dispose();
    pending.forEach((t) => t.dispose());
  });

  it('has few shapes: one per power of two up to the most steps that wait', () => {
    expect(METRIC_STACK_SIZES).toEqual([1, 2, 4, 8, 16, 32, 64]);
    expect(MAX_PENDING_STEPS).toBe(64);
    const shapes = new Set<number>();
    for (let n = 1; n <= MAX_PENDING_STEPS; n++) {
      const pending = Array.from({ length: n }, () => tf.zeros([2]) as tf.Tensor1D);
      const before = tf.memory().numTensors;
      const stacked = stackMetrics(pending);
      shapes.add(stacked.shape[0]);
      expect(stacked.shape[0]).toBeGreaterThanOrEqual(n);
      stacked.dispose();
      expect(tf.memory().numTensors).toBe(before);
      pending.forEach((t) => t.dispose());
    }
    expect([...shapes]).toEqual(METRIC_STACK_SIZES);
  });

  it('refuses nothing or too much to stack', () => {
    expect(() => stackMetrics([])).toThrow(/1 to 64/);
    const tooMany = Array.from({ length: MAX_PENDING_STEPS + 1 }, () => tf.zeros([2]) as tf.Tensor1D);
    expect(() => stackMetrics(tooMany)).toThrow(/cannot stack 65/);
    tooMany.forEach((t) => t.dispose());
  });
});
