import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { defaultExperiment } from './config';
import { makeSplits, type Split } from './dataTensors';
import type { LayerSpec } from './layers/spec';
import { allVariables, createModel, disposeModel, type Model } from './model';
import { createOptimizer } from './optimizers';
import { percentiles, PROBE_PERCENTILES } from './percentiles';
import { probeModel, probeRows } from './probe';
import { PROBE_SAMPLES_PER_UNIT, sampledRows } from './probeSample';
import { convNet } from './testing/imageNet';
import { trainStep } from './train';
import { useSyntheticOnCpu } from './testing/syntheticOnCpu';

/** Probes of convolutional networks: per channel, over batch × height × width, as per-channel BatchNorm sees them. */

const images = useSyntheticOnCpu(200);

const validation = (): Split => ({ source: images.test, start: 0, count: 200 });

/** conv 4@3×3 'same' – [BN] – ReLU – max pool – flatten – Dense 10. */
const smallConv = (norm: LayerSpec | null): LayerSpec[] => [
  { kind: 'conv2d', filters: 4, kernel: 3, stride: 1, padding: 'same' },
  ...(norm ? [norm] : []),
  { kind: 'activation', fn: 'relu' },
  { kind: 'maxPool', size: 2 },
  { kind: 'flatten' },
  { kind: 'dense', units: 10 },
];
const BN: LayerSpec = { kind: 'batchNorm', momentum: 0.99, epsilon: 1e-3 };

/** The first conv layer's output `[n, 28, 28, 4]` on the probe batch, from plain tfjs ops: what BatchNorm is fed. */
function convOutput(net: Model, rows: Int32Array): tf.Tensor4D {
  const [kernel, bias] = net.layers[0]!.variables as unknown as [tf.Tensor4D, tf.Tensor1D];
  const xs = tf.reshape(tf.gather(images.test.xs, tf.tensor1d(rows, 'int32')), [-1, 28, 28, 1]) as tf.Tensor4D;
  return tf.add(tf.conv2d(xs, kernel, 1, 'same'), bias);
}

describe('probeModel on a convnet', () => {
  it('gives BatchNorm per channel: batch statistics over batch × height × width, moving ones, gamma and beta', async () => {
    const net = createModel({ layers: smallConv(BN) }, 5);
    try {
      const rows = probeRows(validation());
      const probe = await probeModel(net, validation(), rows, 0);
      const [layer] = probe.layers;
      expect(layer!.units).toBe(4);
      expect(layer!.positions).toBe(28 * 28);
      // 128 images × 784 positions = 100,352 values per channel: a sample of them.
      expect(layer!.samples).toBe(PROBE_SAMPLES_PER_UNIT);
      const [mean, variance] = tf.tidy(() => {
        const m = tf.moments(convOutput(net, rows), [0, 1, 2]);
        return [m.mean.dataSync(), m.variance.dataSync()];
      });
      const bn = layer!.bn!;
      for (const [got, want] of [
        [bn.batchMean, mean],
        [bn.batchVariance, variance],
        // Without dropout, inference feeds BatchNorm what training did.
        [bn.inferMean, mean],
        [bn.inferVariance, variance],
      ] as const) {
        expect(got.length).toBe(4);
        got.forEach((v, c) => expect(v).toBeCloseTo(want![c]!, 5));
      }
      expect(Array.from(bn.movingMean)).toEqual([0, 0, 0, 0]);
      expect(Array.from(bn.movingVariance)).toEqual([1, 1, 1, 1]);
      expect(Array.from(bn.gamma)).toEqual([1, 1, 1, 1]);
      expect(Array.from(bn.beta)).toEqual([0, 0, 0, 0]);
    } finally {
      disposeModel(net);
    }
  });

  it("places each channel's percentiles, from its sample, where all its values put them", async () => {
    const net = createModel({ layers: smallConv(null) }, 6);
    try {
      const rows = probeRows(validation());
      const probe = await probeModel(net, validation(), rows, 0);
      const layer = probe.layers[0]!;
      const all = tf.tidy(() => tf.transpose(tf.reshape(convOutput(net, rows), [-1, 4])).arraySync() as number[][]);
      all.forEach((values, c) => {
        const exact = percentiles(values, PROBE_PERCENTILES);
        const sd = Math.sqrt(values.reduce((s, v) => s + v * v, 0) / values.length - (values.reduce((s, v) => s + v, 0) / values.length) ** 2);
        // 4,096 of 100,352 values: within a tenth of a standard deviation (the sampling error is about 0.02).
        exact.forEach((p, i) => expect(Math.abs(layer.unitPercentiles[c * 3 + i]! - p)).toBeLessThan(0.1 * sd));
        // And not simply the exact ones: those come from all the values.
        expect(layer.unitPercentiles[c * 3 + 1]).not.toBe(exact[1]);
      });
      expect(layer.bn).toBeNull();
    } finally {
      disposeModel(net);
    }
  });

  it('shows a conv bias right before BatchNorm gets no gradient, and one without BatchNorm does', async () => {
    const withBn = createModel({ layers: smallConv(BN) }, 7);
    const without = createModel({ layers: smallConv(null) }, 7);
    try {
      const a = await probeModel(withBn, validation(), probeRows(validation()), 0);
      const b = await probeModel(without, validation(), probeRows(validation()), 0);
      // Conv2D, then the output Dense.
      expect(a.gradNorms).toHaveLength(2);
      expect(a.gradNorms[0]!.kernel).toBeGreaterThan(1e-4);
      expect(a.gradNorms[0]!.bias / a.gradNorms[0]!.kernel).toBeLessThan(1e-4);
      expect(b.gradNorms[0]!.bias / b.gradNorms[0]!.kernel).toBeGreaterThan(1e-2);
    } finally {
      disposeModel(withBn);
      disposeModel(without);
    }
  });

  it('looks at a GroupNorm block as a block without BatchNorm: percentiles per channel, no batch statistics', async () => {
    const net = createModel({ layers: smallConv({ kind: 'groupNorm', groups: 2, epsilon: 1e-3 }) }, 8);
    try {
      const probe = await probeModel(net, validation(), probeRows(validation()), 0);
      expect(probe.layers).toHaveLength(1);
      expect(probe.layers[0]!.bn).toBeNull();
      expect(probe.layers[0]!.unitPercentiles).toHaveLength(4 * 3);
      // Normalised per image over each group of 2 channels: the medians of the 4 channels straddle 0.
      expect(probe.layers[0]!.layerPercentiles[1]).toBeLessThan(0.5);
      expect(probe.layers[0]!.layerPercentiles[1]).toBeGreaterThan(-0.5);
    } finally {
      disposeModel(net);
    }
  });

  it('changes nothing in the model, bit for bit, and frees every tensor (GroupNorm, BN after ReLU, BN before sigmoid, pools)', async () => {
    const config = defaultExperiment();
    config.model = { layers: convNet };
    config.train.trainLimit = 320;
    const splits = makeSplits(images.train, images.test, config.train);
    const net = createModel(config.model, 3);
    const optimizer = createOptimizer('adam', 1e-2);
    const values = () => allVariables(net).map((v) => Float32Array.from(v.dataSync()));
    try {
      for (let s = 0; s < 3; s++)
        trainStep(
          net,
          optimizer,
          splits,
          Int32Array.from({ length: 32 }, (_, i) => s * 32 + i),
        ).dispose();
      const rows = probeRows(splits.validation);
      await probeModel(net, splits.validation, rows, 3);
      const before = values();
      const tensors = tf.memory().numTensors;
      for (let i = 0; i < 2; i++) {
        const probe = await probeModel(net, splits.validation, rows, 3);
        expect(tf.memory().numTensors).toBe(tensors);
        // Three conv blocks: 4 channels at 14×14 (stride 2), 6 at 10×10, 3 at 5×5.
        expect(probe.layers.map((l) => [l.units, l.positions, l.samples])).toEqual([
          [4, 196, 4096],
          [6, 100, 4096],
          [3, 25, 128 * 25],
        ]);
        expect(probe.layers.map((l) => l.bn !== null)).toEqual([false, true, true]);
        expect(probe.gradNorms).toHaveLength(4);
        // What the probe says of the moving statistics is what the variables hold.
        expect(probe.layers[1]!.bn!.movingMean).toEqual(Float32Array.from(net.layers[5]!.variables[2]!.dataSync()));
      }
      const after = values();
      after.forEach((v, i) => expect(Buffer.from(v.buffer).equals(Buffer.from(before[i]!.buffer))).toBe(true));
    } finally {
      optimizer.dispose();
      disposeModel(net);
    }
  });
});

describe('sampledRows', () => {
  it('reads every row when there are few, else one row in each equal stratum, the same every time', () => {
    expect(sampledRows(4096)).toBeNull();
    const rows = sampledRows(100_352)!;
    expect(rows).toHaveLength(4096);
    expect(sampledRows(100_352)).toEqual(rows);
    rows.forEach((r, j) => {
      expect(r).toBeGreaterThanOrEqual(Math.floor((j * 100_352) / 4096));
      expect(r).toBeLessThan(Math.floor(((j + 1) * 100_352) / 4096));
    });
    // Spread over the image's columns (28 wide), not stuck on a few as a fixed stride of 24.5 would be.
    expect(new Set(Array.from(rows, (r) => r % 28)).size).toBe(28);
  });
});
