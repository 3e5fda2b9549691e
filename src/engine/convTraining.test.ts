import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultExperiment, type ExperimentConfig } from './config';
import { disposeImageTensors, makeSplits, uploadImageSet, type ImageTensors } from './dataTensors';
import type { LayerSpec } from './layers/spec';
import { createModel, disposeModel } from './model';
import { RunControl } from './runControl';
import { convNet } from './testing/imageNet';
import { syntheticImageSet } from './testing/syntheticData';
import { runExperiment } from './train';

/** Convolutional networks through the whole training loop (probes included) on cpu and on WebAssembly. */

afterAll(async () => {
  await tf.setBackend('cpu');
});

const experiment = (layers: LayerSpec[], epochs: number, seed = 1): ExperimentConfig => {
  const base = defaultExperiment();
  return { model: { layers }, train: { ...base.train, batchSize: 32, epochs, learningRate: 1e-2, seed } };
};

// The cpu backend's convolutions are slow (about 7× wasm here): there, a smaller set and fewer epochs.
describe.each([
  ['cpu', 96, 2],
  ['wasm', 320, 3],
] as const)('a convnet on %s', (backend, images, epochs) => {
  let train: ImageTensors;
  let test: ImageTensors;
  beforeAll(async () => {
    await tf.setBackend(backend);
    train = uploadImageSet(syntheticImageSet(images, 1));
    test = uploadImageSet(syntheticImageSet(100, 2));
  });
  afterAll(() => {
    disposeImageTensors(train);
    disposeImageTensors(test);
  });

  it('learns (wasm), leaks no tensors (flat across epochs, back to the start) and is reproducible', async () => {
    const before = tf.memory().numTensors;
    const run = async () => {
      const config = experiment(convNet, epochs);
      const losses: number[] = [];
      const atEpoch: number[] = [];
      const outcome = await runExperiment(config, makeSplits(train, test, config.train), new RunControl(), {
        onSteps: (points) => losses.push(...points.loss),
        onEpoch: () => atEpoch.push(tf.memory().numTensors),
        onLearningRate: () => {},
        onPaused: () => {},
        onResumed: () => {},
      });
      return { losses, atEpoch, outcome };
    };
    const first = await run();
    expect(first.outcome.status).toBe('completed');
    expect(new Set(first.atEpoch).size).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    // 30 steps of a tiny net on wasm (6 on cpu): from chance (ln 10 ≈ 2.30) to clearly below it.
    if (backend === 'wasm') expect(mean(first.losses.slice(-5))).toBeLessThan(mean(first.losses.slice(0, 5)) * 0.85);
    else expect(first.losses).toHaveLength((images / 32) * epochs);
    const second = await run();
    expect(second.losses).toEqual(first.losses);
  });
});

describe('paired convnets', () => {
  it('start from identical convolution and Dense weights with and without normalisation', async () => {
    await tf.setBackend('cpu');
    const without = convNet.filter((l) => l.kind !== 'batchNorm' && l.kind !== 'groupNorm');
    const a = createModel({ layers: convNet }, 4);
    const b = createModel({ layers: without }, 4);
    const weights = (m: ReturnType<typeof createModel>) =>
      m.layers.filter((l) => l.spec.kind === 'conv2d' || l.spec.kind === 'dense').map((l) => Array.from(l.variables[0]!.dataSync()));
    expect(weights(a)).toHaveLength(4);
    expect(weights(b)).toEqual(weights(a));
    disposeModel(a);
    disposeModel(b);
  });
});
