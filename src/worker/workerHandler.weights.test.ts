import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { defaultExperiment, type ExperimentConfig } from '../engine/config';
import { mlp } from '../engine/testing/mlp';
import { syntheticImageSet } from '../engine/testing/syntheticData';
import { cpuHandler } from './testing/cpuHandler';

const tiny = (): ExperimentConfig => {
  const c = defaultExperiment();
  return { ...c, model: mlp([{ units: 16, batchNorm: true, bnPosition: 'before' }]), train: { ...c.train, epochs: 1, learningRate: 1e-2 } };
};

describe('worker handler: a kept model’s weights, to save it', () => {
  it('sends every variable of the trained model (transferred), the same twice, tensors flat; refuses a run without a model', async () => {
    const { handle, events, transfers, all } = cpuHandler(async () => ({ train: syntheticImageSet(320, 1), test: syntheticImageSet(100, 2) }));
    await handle({ type: 'loadData', baseUrl: 'http://x/' });
    await handle({ type: 'train', runId: 'r1', config: tiny() });
    const tensors = tf.memory().numTensors;
    await handle({ type: 'modelWeights', requestId: 3, runId: 'r1' });
    await handle({ type: 'modelWeights', requestId: 4, runId: 'r1' });
    expect(tf.memory().numTensors).toBe(tensors);
    const [first, second] = all('modelWeights');
    expect(first).toMatchObject({ requestId: 3, runId: 'r1' });
    // flatten, dense 16 (kernel, bias), BN (gamma, beta, moving mean and variance), ReLU, dense 10.
    expect(first!.shapes).toEqual([[], [[784, 16], [16]], [[16], [16], [16], [16]], [], [[16, 10], [10]]]);
    expect(first!.values.length).toBe(784 * 16 + 16 + 4 * 16 + 16 * 10 + 10);
    expect(Array.from(second!.values)).toEqual(Array.from(first!.values));
    // Trained: the moving variance moved off its start of ones.
    const movingVariance = first!.values.subarray(784 * 16 + 16 + 3 * 16, 784 * 16 + 16 + 4 * 16);
    expect(movingVariance.some((v) => v !== 1)).toBe(true);
    expect(transfers[events.indexOf(first!)]).toEqual([first!.values.buffer]);

    await handle({ type: 'modelWeights', requestId: 5, runId: 'nope' });
    await handle({ type: 'dropModels', runIds: ['r1'] });
    await handle({ type: 'modelWeights', requestId: 6, runId: 'r1' });
    const errors = all('weightsError');
    expect(errors.map((e) => e.requestId)).toEqual([5, 6]);
    for (const e of errors) expect(e.message).toMatch(/no model in memory/);
  });
});
