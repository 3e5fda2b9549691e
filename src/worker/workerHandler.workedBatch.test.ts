import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import type { DatasetImages } from '../data/loadDataset';
import { defaultExperiment } from '../engine/config';
import { syntheticImageSet } from '../engine/testing/syntheticData';
import { WORKED_BATCH_SIZE } from '../engine/workedBatch';
import { withBatchNorm } from '../runs/comparison';
import { batchNormInferWorking, batchNormTrainWorking } from '../runs/lessons/workedBatchNorm';
import { cpuHandler } from './testing/cpuHandler';

function setup() {
  const data: DatasetImages = { train: syntheticImageSet(320, 1), test: syntheticImageSet(100, 2) };
  return { ...cpuHandler(async () => data), data };
}

const small = () => {
  const c = defaultExperiment();
  c.train = { ...c.train, epochs: 1, learningRate: 1e-2 };
  return c;
};

describe('worker handler: the worked BatchNorm computation', () => {
  it('gives one unit’s inputs on eight test images, and the network’s outputs are the lesson’s arithmetic on them', async () => {
    const { handle, all, data } = setup();
    await handle({ type: 'loadData', baseUrl: 'http://x/' });
    await handle({ type: 'train', runId: 'r', config: small() });
    const ask = (requestId: number, runId: string | null) => handle({ type: 'workedBatch', requestId, runId, config: small(), bnLayer: 1, unit: 5, start: 8 });
    await ask(1, 'r'); // warm-up
    const tensors = tf.memory().numTensors;
    await ask(2, 'r');
    await ask(3, null);
    expect(tf.memory().numTensors).toBe(tensors);
    const [trained, fresh] = all('workedBatchResult').slice(1);
    for (const answer of [trained!, fresh!]) {
      const w = answer.result;
      expect(w).toMatchObject({ bnLayer: 1, unit: 5, units: 64, start: 8, count: WORKED_BATCH_SIZE, epsilon: 0.001, momentum: 0.99 });
      const train = batchNormTrainWorking(Array.from(w.inputs), w.gamma, w.beta, w.epsilon);
      train.outputs.forEach((y, i) => expect(w.outputsTrain[i]).toBeCloseTo(y, 4));
      const infer = batchNormInferWorking(Array.from(w.inputsInfer), w.movingMean, w.movingVariance, w.gamma, w.beta, w.epsilon);
      infer.outputs.forEach((y, i) => expect(w.outputsInfer[i]).toBeCloseTo(y, 4));
      expect(Array.from(answer.labels)).toEqual(Array.from(data.test.labels.subarray(8, 16)));
      expect(answer.pixels).toEqual(data.test.pixels.slice(8 * 784, 16 * 784));
    }
    // A network as it starts: γ 1, β 0, moving mean 0 and variance 1; the trained one has learned all four.
    expect(fresh!.result).toMatchObject({ gamma: 1, beta: 0, movingMean: 0, movingVariance: 1 });
    expect(trained!.result.movingMean).not.toBe(0);
  });

  it('says plainly what is wrong: no such unit, no BatchNorm, a run not in memory', async () => {
    const { handle, all } = setup();
    await handle({ type: 'loadData', baseUrl: 'http://x/' });
    await handle({ type: 'workedBatch', requestId: 1, runId: null, config: small(), bnLayer: 0, unit: 128, start: 0 });
    await handle({ type: 'workedBatch', requestId: 2, runId: null, config: withBatchNorm(small(), false), bnLayer: 0, unit: 0, start: 0 });
    await handle({ type: 'workedBatch', requestId: 3, runId: 'nope', config: small(), bnLayer: 0, unit: 0, start: 0 });
    await handle({ type: 'workedBatch', requestId: 4, runId: null, config: small(), bnLayer: 0, unit: 0, start: 99 });
    expect(all('workedBatchError').map((e) => [e.requestId, e.message])).toEqual([
      [1, 'The unit must be a whole number from 0 to 127.'],
      [2, 'This network has no BatchNorm layer to work through.'],
      [3, expect.stringMatching(/not in memory/)],
      [4, 'There are not 8 test images from 99.'],
    ]);
  });
});
