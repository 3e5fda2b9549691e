import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDivergenceCheck } from './divergence';
import { createMetricsBuffer, MAX_PENDING_MS } from './metricsBuffer';
import { MAX_PENDING_STEPS } from './stackMetrics';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const direct = (read: Promise<Float32Array>) => read;
const steps = (losses: number[]) => losses.map((l, i) => tf.tensor1d([l, i / 10]));

describe('createMetricsBuffer', () => {
  it('reads waiting steps back in order, numbered up to the last step, and frees every tensor', async () => {
    const before = tf.memory().numTensors;
    const buffer = createMetricsBuffer(createDivergenceCheck(), direct);
    steps([2.3, 2.2, 2.1]).forEach((t) => buffer.push(t));
    expect(buffer.size).toBe(3);
    const group = await buffer.read(12);
    expect(group.first).toBe(10);
    expect(Array.from(group.loss)).toEqual([2.3, 2.2, 2.1].map(Math.fround));
    expect(Array.from(group.accuracy)).toEqual([0, 0.1, 0.2].map(Math.fround));
    expect(group.diverged).toBeNull();
    expect(buffer.size).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops at a NaN loss, leaving that step out, and feeds no later loss to the rule', async () => {
    const seen: number[] = [];
    const check = createDivergenceCheck();
    const buffer = createMetricsBuffer((loss) => (seen.push(loss), check(loss)), direct);
    steps([2.3, 2.2, Number.NaN, 2.0]).forEach((t) => buffer.push(t));
    const group = await buffer.read(4);
    expect(group.diverged).toEqual({ step: 3, reason: 'nonFinite', loss: Number.NaN });
    expect(group.loss.length).toBe(2);
    expect(group.accuracy.length).toBe(2);
    expect(seen.length).toBe(3);
  });

  it('keeps an exploded step, whose loss is finite and worth drawing', async () => {
    const buffer = createMetricsBuffer((loss) => (loss > 50 ? 'exploded' : null), direct);
    steps([2.3, 60, 70]).forEach((t) => buffer.push(t));
    const group = await buffer.read(3);
    expect(group.diverged).toEqual({ step: 2, reason: 'exploded', loss: 60 });
    expect(Array.from(group.loss)).toEqual([2.3, 60].map(Math.fround));
  });

  it('is due after MAX_PENDING_STEPS steps or MAX_PENDING_MS since the last read, and the read restarts the wait', async () => {
    let now = 1000;
    const buffer = createMetricsBuffer(
      () => null,
      direct,
      () => now,
    );
    buffer.push(tf.tensor1d([1, 0]));
    expect(buffer.isDue()).toBe(false);
    now += MAX_PENDING_MS + 1;
    expect(buffer.isDue()).toBe(true);
    await buffer.read(1);
    expect(buffer.isDue()).toBe(false);
    for (let i = 0; i < MAX_PENDING_STEPS - 1; i++) buffer.push(tf.tensor1d([1, 0]));
    expect(buffer.isDue()).toBe(false);
    buffer.push(tf.tensor1d([1, 0]));
    expect(buffer.isDue()).toBe(true);
    buffer.dispose();
  });

  it('frees waiting steps on dispose, and frees them when the read fails', async () => {
    const before = tf.memory().numTensors;
    const buffer = createMetricsBuffer(
      () => null,
      () => Promise.reject(new Error('halted')),
    );
    steps([1, 2]).forEach((t) => buffer.push(t));
    await expect(buffer.read(2)).rejects.toThrow('halted');
    expect(tf.memory().numTensors).toBe(before);
    steps([1, 2]).forEach((t) => buffer.push(t));
    buffer.dispose();
    expect(buffer.size).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
  });
});
