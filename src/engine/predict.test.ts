import * as tf from '@tensorflow/tfjs-core';
import { mlp } from './testing/mlp';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLASSES, defaultExperiment, INPUT_UNITS, type ExperimentConfig } from './config';
import { disposeImageTensors, makeSplits, uploadImageSet, type ImageTensors } from './dataTensors';
import { allVariables, disposeModel, type Model } from './model';
import { predictedClasses } from './predictedClasses';
import { inputsFromBytes, predictProbabilities } from './predict';
import { RunControl } from './runControl';
import { syntheticImageSet } from './testing/syntheticData';
import { runExperiment, type TrainEvents, type TrainOutcome } from './train';

const trainSet = syntheticImageSet(640, 1);
const testSet = syntheticImageSet(200, 2);
let train: ImageTensors;
let test: ImageTensors;

const quiet: TrainEvents = { onSteps() {}, onEpoch() {}, onLearningRate() {}, onPaused() {}, onResumed() {} };

const config = (): ExperimentConfig => {
  const c = defaultExperiment();
  c.model = mlp([{ units: 32, batchNorm: true, bnPosition: 'before' }], { inputBatchNorm: true });
  c.train = { ...c.train, epochs: 2, learningRate: 1e-2 };
  return c;
};

/** Trains a small BN model on the synthetic set and keeps it. */
async function trained(): Promise<{ net: Model; outcome: TrainOutcome }> {
  let net: Model | null = null;
  const c = config();
  const outcome = await runExperiment(c, makeSplits(train, test, c.train), new RunControl(), quiet, null, (m) => ((net = m), true));
  if (!net) throw new Error('model not kept');
  return { net, outcome };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  train = uploadImageSet(trainSet);
  test = uploadImageSet(testSet);
});
afterAll(() => {
  disposeImageTensors(train);
  disposeImageTensors(test);
});

describe('predictProbabilities', () => {
  it("gives rows of 10 probabilities summing to 1 whose arg-max accuracy is the run's own test accuracy, freeing every tensor", async () => {
    const { net, outcome } = await trained();
    try {
      const before = tf.memory().numTensors;
      const probabilities = await predictProbabilities(net, inputsFromBytes(testSet.pixels), 64);
      expect(tf.memory().numTensors).toBe(before);
      expect(probabilities.length).toBe(testSet.count * CLASSES);
      for (let i = 0; i < testSet.count; i++) {
        const row = probabilities.subarray(i * CLASSES, (i + 1) * CLASSES);
        expect(row.reduce((a, b) => a + b)).toBeCloseTo(1, 5);
        expect(row.every((p) => p >= 0 && p <= 1)).toBe(true);
      }
      const predicted = predictedClasses(probabilities);
      const correct = predicted.filter((p, i) => p === testSet.labels[i]).length;
      if (outcome.status !== 'completed') return expect.unreachable(`run ended ${outcome.status}`);
      expect(correct / testSet.count).toBeCloseTo(outcome.test.accuracy, 6);
      // It learned something: far above chance on this easy synthetic set.
      expect(outcome.test.accuracy).toBeGreaterThan(0.5);
    } finally {
      disposeModel(net);
    }
  });

  it('is inference mode: an image gets the same answer alone or in a batch, and the moving statistics do not move', async () => {
    const { net } = await trained();
    try {
      const snapshot = () => allVariables(net).map((v) => Array.from(v.dataSync()));
      const weightsBefore = snapshot();
      const xs = inputsFromBytes(testSet.pixels.subarray(0, 50 * INPUT_UNITS));
      const inBatch = await predictProbabilities(net, xs);
      const alone = await predictProbabilities(net, xs.slice(7 * INPUT_UNITS, 8 * INPUT_UNITS));
      Array.from(alone).forEach((p, c) => expect(p).toBeCloseTo(inBatch[7 * CLASSES + c]!, 5));
      expect(snapshot()).toEqual(weightsBefore);
    } finally {
      disposeModel(net);
    }
  });

  it('refuses inputs that are not whole images', async () => {
    const { net } = await trained();
    try {
      await expect(predictProbabilities(net, new Float32Array(100))).rejects.toThrow(/whole images of 784 values/);
    } finally {
      disposeModel(net);
    }
  });
});

describe('runExperiment keepModel', () => {
  it('hands the trained model over only when asked; otherwise every tensor is freed', async () => {
    const c = config();
    const splits = makeSplits(train, test, c.train);
    const before = tf.memory().numTensors;
    await runExperiment(c, splits, new RunControl(), quiet, null, () => false);
    expect(tf.memory().numTensors).toBe(before);
    let kept: Model | null = null;
    await runExperiment(c, splits, new RunControl(), quiet, null, (m) => ((kept = m), true));
    expect(kept).not.toBeNull();
    expect(tf.memory().numTensors).toBe(before + allVariables(kept!).length);
    disposeModel(kept!);
    expect(tf.memory().numTensors).toBe(before);
  });
});
