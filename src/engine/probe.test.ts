import * as tf from '@tensorflow/tfjs-core';
import { hiddenBlocks } from './layers/blocks';
import type { LayerSpec } from './layers/spec';
import type { HiddenLayerForm } from './mlpForm';
import { formOf, mlp } from './testing/mlp';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultExperiment, type ModelConfig } from './config';
import { disposeImageTensors, makeSplits, uploadImageSet, type ImageTensors, type Split } from './dataTensors';
import { allVariables, createModel, disposeModel, type Model } from './model';
import { createOptimizer } from './optimizers';
import { probeModel, probeRows } from './probe';
import { syntheticImageSet } from './testing/syntheticData';
import { trainStep } from './train';

let tiny: ImageTensors;
let train: ImageTensors;
let test: ImageTensors;

/**
 * Four images whose first two pixels are 0, .2, .4, 1 and 1, .8, .6, .6 (bytes / 255); every other
 * pixel is 0. With the kernel below, the Dense outputs are easy to work out by hand.
 */
function tinySet() {
  const pixels = new Uint8Array(4 * 784);
  [0, 51, 102, 255].forEach((v, i) => (pixels[i * 784] = v));
  [255, 204, 153, 153].forEach((v, i) => (pixels[i * 784 + 1] = v));
  return { count: 4, pixels, labels: Uint8Array.from([0, 1, 2, 3]) };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  tiny = uploadImageSet(tinySet());
  train = uploadImageSet(syntheticImageSet(320, 1));
  test = uploadImageSet(syntheticImageSet(300, 2));
});
afterAll(() => {
  disposeImageTensors(tiny);
  disposeImageTensors(train);
  disposeImageTensors(test);
});

const tinySplit = (): Split => ({ source: tiny, start: 0, count: 4 });

/** One hidden layer of 2 units: unit 0 computes pixel0 + 0.5, unit 1 computes 2 · pixel1 − 1. */
function tinyMlp(batchNorm: boolean): Model {
  const net = createModel(mlp([{ units: 2, batchNorm, bnPosition: 'before' }]), 1);
  const kernel = new Float32Array(784 * 2);
  kernel[0] = 1; // pixel 0 → unit 0
  kernel[1 * 2 + 1] = 2; // pixel 1 → unit 1
  tf.tidy(() => {
    const [denseKernel, denseBias] = net.layers[1]!.variables;
    denseKernel!.assign(tf.tensor2d(kernel, [784, 2]));
    denseBias!.assign(tf.tensor1d([0.5, -1]));
  });
  return net;
}

const values = (net: Model) => allVariables(net).map((v) => Float32Array.from(v.dataSync()));

describe('probeModel', () => {
  it('reports batch moments, moving statistics and percentiles worked out by hand', async () => {
    const net = tinyMlp(true);
    try {
      const probe = await probeModel(net, tinySplit(), probeRows(tinySplit()), 7);
      expect(probe.step).toBe(7);
      expect(probe.batchSize).toBe(4);
      const [layer] = probe.layers;
      const bn = layer!.bn!;
      // Unit 0: 0.5, 0.7, 0.9, 1.5 → mean 0.9, biased variance (0.16 + 0.04 + 0 + 0.36) / 4 = 0.14.
      // Unit 1: 1, 0.6, 0.2, 0.2 → mean 0.5, variance (0.25 + 0.01 + 0.09 + 0.09) / 4 = 0.11.
      expect(Array.from(bn.batchMean)).toEqual([expect.closeTo(0.9, 5), expect.closeTo(0.5, 5)]);
      expect(Array.from(bn.batchVariance)).toEqual([expect.closeTo(0.14, 5), expect.closeTo(0.11, 5)]);
      // Untrained: moving mean 0, moving variance 1, gamma 1, beta 0.
      expect(Array.from(bn.movingMean)).toEqual([0, 0]);
      expect(Array.from(bn.movingVariance)).toEqual([1, 1]);
      expect(Array.from(bn.gamma)).toEqual([1, 1]);
      expect(Array.from(bn.beta)).toEqual([0, 0]);
      // Without dropout, inference feeds BatchNorm the very batch training mode normalised.
      expect(Array.from(bn.inferMean)).toEqual([expect.closeTo(0.9, 5), expect.closeTo(0.5, 5)]);
      expect(Array.from(bn.inferVariance)).toEqual([expect.closeTo(0.14, 5), expect.closeTo(0.11, 5)]);
      // The activation's input is (x − mean) / sqrt(variance + 0.001). Unit 0, sorted deviations
      // −0.4, −0.2, 0, 0.6: ranks 0.45, 1.5 and 2.55 give −0.31, −0.1, 0.33 (over s0).
      const s0 = Math.sqrt(0.141);
      const s1 = Math.sqrt(0.111);
      // Unit 1, sorted deviations −0.3, −0.3, 0.1, 0.5: −0.3, −0.1, 0.32 (over s1).
      const expected = [-0.31 / s0, -0.1 / s0, 0.33 / s0, -0.3 / s1, -0.1 / s1, 0.32 / s1];
      expect(Array.from(layer!.unitPercentiles)).toEqual(expected.map((v) => expect.closeTo(v, 4)));
      // Layer-wide, all eight values sorted: −0.4/s0, −0.3/s1 (twice), −0.2/s0, 0, 0.1/s1, 0.5/s1, 0.6/s0.
      // Ranks 1.05, 3.5 and 5.95 (of 0…7).
      const wide = [-0.3 / s1, (-0.2 / s0 + 0) / 2, 0.1 / s1 + 0.95 * (0.5 / s1 - 0.1 / s1)];
      expect(layer!.layerPercentiles).toEqual(wide.map((v) => expect.closeTo(v, 4)));
      expect(layer!.units).toBe(2);
    } finally {
      disposeModel(net);
    }
  });

  it('sees the inputs scaled as the split says', async () => {
    const net = tinyMlp(true);
    try {
      // Pixels times 2: unit 0 computes 2 · pixel0 + 0.5, mean 2 · 0.4 + 0.5 = 1.3, variance 4 · 0.14 = 0.56.
      const probe = await probeModel(net, { ...tinySplit(), scale: 2 }, probeRows(tinySplit()), 0);
      expect(probe.layers[0]!.bn!.batchMean[0]).toBeCloseTo(1.3, 5);
      expect(probe.layers[0]!.bn!.batchVariance[0]).toBeCloseTo(0.56, 5);
    } finally {
      disposeModel(net);
    }
  });

  it('scores the same weights in training mode (batch statistics) and inference mode (moving statistics)', async () => {
    const net = tinyMlp(true);
    try {
      const probe = await probeModel(net, tinySplit(), probeRows(tinySplit()), 0);
      for (const m of [probe.train, probe.infer]) {
        expect(Number.isFinite(m.loss)).toBe(true);
        expect(m.accuracy).toBeGreaterThanOrEqual(0);
        expect(m.accuracy).toBeLessThanOrEqual(1);
        // Four images: accuracy is a multiple of 1/4.
        expect(m.accuracy * 4).toBeCloseTo(Math.round(m.accuracy * 4), 5);
      }
      // Untrained moving statistics (0 and 1) are not this batch's (0.9 / 0.5 and 0.14 / 0.11).
      expect(probe.train.loss).not.toBeCloseTo(probe.infer.loss, 4);
    } finally {
      disposeModel(net);
    }
  });

  it('shows a Dense bias right before BatchNorm gets no gradient, and one without BatchNorm does', async () => {
    const withBn = tinyMlp(true);
    const without = tinyMlp(false);
    try {
      const a = await probeModel(withBn, tinySplit(), probeRows(tinySplit()), 0);
      const b = await probeModel(without, tinySplit(), probeRows(tinySplit()), 0);
      expect(a.gradNorms).toHaveLength(2);
      expect(a.gradNorms[0]!.kernel).toBeGreaterThan(1e-3);
      expect(a.gradNorms[0]!.bias).toBeLessThan(1e-6 * Math.max(1, a.gradNorms[0]!.kernel));
      // The output layer's bias has no BatchNorm after it.
      expect(a.gradNorms[1]!.bias).toBeGreaterThan(1e-3);
      expect(b.gradNorms[0]!.bias).toBeGreaterThan(1e-3);
      expect(b.layers[0]!.bn).toBeNull();
    } finally {
      disposeModel(withBn);
      disposeModel(without);
    }
  });

  const bothBn: HiddenLayerForm[] = [
    { units: 24, batchNorm: true, bnPosition: 'before' },
    { units: 12, batchNorm: true, bnPosition: 'before' },
  ];
  it.each<[string, ModelConfig]>([
    ['BN before the activation', mlp(bothBn)],
    [
      'BN after the activation, and on the input',
      mlp(
        [
          { units: 24, batchNorm: true, bnPosition: 'after' },
          { units: 12, batchNorm: false, bnPosition: 'before' },
        ],
        { inputBatchNorm: true },
      ),
    ],
    ['sigmoid, momentum 0.9', mlp(bothBn, { activation: 'sigmoid', bnMomentum: 0.9 })],
    [
      'LayerNorm in the second layer',
      mlp([
        { units: 24, batchNorm: true, bnPosition: 'before' },
        { units: 12, batchNorm: false, bnPosition: 'before', layerNorm: true },
      ]),
    ],
    [
      'dropout before the second BatchNorm',
      mlp([
        { units: 24, batchNorm: true, bnPosition: 'before', dropout: 0.5 },
        { units: 12, batchNorm: true, bnPosition: 'before' },
      ]),
    ],
  ])('changes nothing in the model, bit for bit, and frees every tensor (%s)', async (_, model) => {
    const config = defaultExperiment();
    config.model = model;
    const hidden = formOf(model).hidden;
    config.train.trainLimit = 320;
    const splits = makeSplits(train, test, config.train);
    const net = createModel(config.model, 3);
    const optimizer = createOptimizer('adam', 1e-2);
    try {
      // A few steps first, so the moving statistics and weights are no longer their initial values.
      for (let s = 0; s < 5; s++) {
        const order = Int32Array.from({ length: 32 }, (_, i) => s * 32 + i);
        trainStep(net, optimizer, splits, order).dispose();
      }
      const rows = probeRows(splits.validation);
      expect(rows.length).toBe(128);
      await probeModel(net, splits.validation, rows, 5); // warm-up: kernels and gradients registered
      const before = values(net);
      const tensors = tf.memory().numTensors;
      for (let i = 0; i < 3; i++) {
        const probe = await probeModel(net, splits.validation, rows, 5);
        expect(tf.memory().numTensors).toBe(tensors);
        expect(probe.layers.map((l) => l.unitPercentiles.length)).toEqual(hidden.map((h) => h.units * 3));
        expect(probe.gradNorms).toHaveLength(hidden.length + 1);
        // What the probe says of the moving statistics is what the variables hold.
        const bnOfBlock = hiddenBlocks(model.layers).map((b) => (b.norm?.kind === 'batchNorm' ? net.layers[b.norm.index]!.variables : null));
        probe.layers.forEach((l, li) => {
          const bn = bnOfBlock[li];
          if (!bn) return expect(l.bn).toBeNull();
          expect(l.bn!.movingMean).toEqual(Float32Array.from(bn[2]!.dataSync()));
          expect(l.bn!.gamma).toEqual(Float32Array.from(bn[0]!.dataSync()));
        });
      }
      const after = values(net);
      expect(after.length).toBe(before.length);
      after.forEach((v, i) => expect(Buffer.from(v.buffer).equals(Buffer.from(before[i]!.buffer))).toBe(true));
    } finally {
      optimizer.dispose();
      disposeModel(net);
    }
  });

  it('looks at a convolution block per channel: BatchNorm statistics over batch, height and width, percentiles over every position', async () => {
    const layers: LayerSpec[] = [
      { kind: 'conv2d', filters: 3, kernel: 3, stride: 2, padding: 'same' },
      { kind: 'batchNorm', momentum: 0.99, epsilon: 1e-3 },
      { kind: 'activation', fn: 'relu' },
      { kind: 'flatten' },
      { kind: 'dense', units: 10 },
    ];
    const net = createModel({ layers }, 3);
    try {
      const split: Split = { source: test, start: 0, count: 300 };
      const rows = probeRows(split, 16);
      const tensors = tf.memory().numTensors;
      const probe = await probeModel(net, split, rows, 0);
      expect(tf.memory().numTensors).toBe(tensors);
      expect(probe.layers).toHaveLength(1);
      const [layer] = probe.layers;
      expect(layer!.units).toBe(3);
      expect(layer!.unitPercentiles).toHaveLength(9);
      // The convolution's output on the probe batch, by hand: [16, 14, 14, 3] seen as 3136 rows of 3 channels.
      const conv = tf.tidy(() => {
        const xs = tf.reshape(tf.slice(test.xs, [0, 0], [16, 784]), [16, 28, 28, 1]) as tf.Tensor4D;
        const [kernel, bias] = net.layers[0]!.variables;
        return tf.reshape(tf.add(tf.conv2d(xs, kernel as tf.Tensor4D, 2, 'same'), bias!), [-1, 3]).arraySync() as number[][];
      });
      expect(conv).toHaveLength(16 * 14 * 14);
      for (let c = 0; c < 3; c++) {
        const column = conv.map((r) => r[c]!);
        const mean = column.reduce((a, b) => a + b, 0) / column.length;
        const variance = column.reduce((a, b) => a + (b - mean) ** 2, 0) / column.length;
        expect(layer!.bn!.batchMean[c]).toBeCloseTo(mean, 5);
        expect(layer!.bn!.batchVariance[c]).toBeCloseTo(variance, 5);
        expect(layer!.bn!.inferMean[c]).toBeCloseTo(mean, 5);
      }
    } finally {
      disposeModel(net);
    }
  });

  it('uses the first 128 validation images, or all of them when there are fewer', () => {
    expect(Array.from(probeRows({ source: test, start: 0, count: 3 }))).toEqual([0, 1, 2]);
    expect(probeRows({ source: test, start: 0, count: 10_000 }).length).toBe(128);
  });
});
