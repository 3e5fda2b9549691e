import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { defaultExperiment } from './config';
import { makeSplits } from './dataTensors';
import { convStageLayers, featureMapBuffers, featureMaps } from './featureMaps';
import type { LayerSpec } from './layers/spec';
import { allVariables, createModel, disposeModel } from './model';
import { createOptimizer } from './optimizers';
import { predictProbabilities } from './predict';
import { convNet } from './testing/imageNet';
import { mlp } from './testing/mlp';
import { trainStep } from './train';
import { useSyntheticOnCpu } from './testing/syntheticOnCpu';

const images = useSyntheticOnCpu(100);

/** conv 3@3×3 'same' – BN – ReLU – max pool 2, conv 2@5×5 – ReLU, flatten, Dense 10. */
const layers: LayerSpec[] = [
  { kind: 'conv2d', filters: 3, kernel: 3, stride: 1, padding: 'same' },
  { kind: 'batchNorm', momentum: 0.5, epsilon: 1e-3 },
  { kind: 'activation', fn: 'relu' },
  { kind: 'maxPool', size: 2 },
  { kind: 'conv2d', filters: 2, kernel: 5, stride: 1, padding: 'valid' },
  { kind: 'activation', fn: 'relu' },
  { kind: 'flatten' },
  { kind: 'dense', units: 10 },
];

describe('convStageLayers', () => {
  it('lists each convolution, the norm and activation after it and a pool that follows, without dropout', () => {
    expect(convStageLayers(layers)).toEqual([
      { weight: 0, stages: [0, 1, 2, 3].map((layer, i) => ({ layer, kind: ['conv2d', 'batchNorm', 'activation', 'maxPool'][i] })) },
      {
        weight: 4,
        stages: [
          { layer: 4, kind: 'conv2d' },
          { layer: 5, kind: 'activation' },
        ],
      },
    ]);
    const kinds = convStageLayers([...convNet.slice(0, 3), { kind: 'dropout', rate: 0.5 }, ...convNet.slice(3)]).map((b) => b.stages.map((s) => s.kind));
    expect(kinds).toEqual([
      ['conv2d', 'groupNorm', 'activation'],
      ['conv2d', 'activation', 'batchNorm', 'maxPool'],
      ['conv2d', 'batchNorm', 'activation', 'avgPool'],
    ]);
    expect(convStageLayers(mlp([{ units: 8, batchNorm: true, bnPosition: 'before' }]).layers)).toEqual([]);
  });
});

describe('featureMaps', () => {
  it('gives every stage of every conv block for one image in inference mode, and the first filters, changing nothing and freeing every tensor', async () => {
    const config = defaultExperiment();
    config.model = { layers };
    config.train.trainLimit = 320;
    const net = createModel(config.model, 2);
    const optimizer = createOptimizer('adam', 1e-2);
    try {
      // A few steps, so the moving statistics are the data's and not 0 and 1.
      const splits = makeSplits(images.train, images.test, config.train);
      for (let s = 0; s < 4; s++)
        trainStep(
          net,
          optimizer,
          splits,
          Int32Array.from({ length: 32 }, (_, i) => s * 32 + i),
        ).dispose();
      const input = Float32Array.from(tf.tidy(() => tf.slice(images.test.xs, [7, 0], [1, 784]).dataSync()));
      await featureMaps(net, input); // warm-up: kernels registered
      const before = allVariables(net).map((v) => Array.from(v.dataSync()));
      const tensors = tf.memory().numTensors;
      const maps = await featureMaps(net, input);
      expect(tf.memory().numTensors).toBe(tensors);
      expect(allVariables(net).map((v) => Array.from(v.dataSync()))).toEqual(before);

      const shapes = maps.blocks.map((b) => b.stages.map((s) => [s.kind, s.height, s.width, s.channels, s.values.length]));
      expect(shapes).toEqual([
        [
          ['conv2d', 28, 28, 3, 2352],
          ['batchNorm', 28, 28, 3, 2352],
          ['activation', 28, 28, 3, 2352],
          ['maxPool', 14, 14, 3, 588],
        ],
        [
          ['conv2d', 10, 10, 2, 200],
          ['activation', 10, 10, 2, 200],
        ],
      ]);
      // The same from plain ops, channel by channel: the convolution, then BatchNorm with its moving statistics, then ReLU.
      const [kernel, bias, gamma, beta, movingMean, movingVariance] = [...net.layers[0]!.variables, ...net.layers[1]!.variables];
      const expected = tf.tidy(() => {
        const z = tf.add(tf.conv2d(tf.tensor4d(input, [1, 28, 28, 1]), kernel as tf.Tensor4D, 1, 'same'), bias!);
        const normed = tf.batchNorm(z, movingMean!, movingVariance!, beta!, gamma!, 1e-3);
        const channelMajor = (t: tf.Tensor) => Array.from(tf.transpose(t, [0, 3, 1, 2]).dataSync());
        return [channelMajor(z), channelMajor(normed), channelMajor(tf.relu(normed)), channelMajor(tf.maxPool(tf.relu(normed) as tf.Tensor4D, 2, 2, 'valid'))];
      });
      maps.blocks[0]!.stages.forEach((s, i) => s.values.forEach((v, j) => expect(v).toBeCloseTo(expected[i]![j]!, 4)));
      // Normalised with the moving statistics, not this one image's: its channels are not all centred at 0.
      const channelMean = (values: Float32Array, c: number) => values.slice(c * 784, (c + 1) * 784).reduce((a, b) => a + b, 0) / 784;
      expect([0, 1, 2].some((c) => Math.abs(channelMean(maps.blocks[0]!.stages[1]!.values, c)) > 0.05)).toBe(true);

      // Filter f, row r, column c is kernel[r][c][0][f].
      const k = kernel!.arraySync() as number[][][][];
      expect(maps.filters).toMatchObject({ layer: 0, size: 3, inChannels: 1, count: 3 });
      for (let f = 0; f < 3; f++)
        for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) expect(maps.filters!.values[f * 9 + r * 3 + c]).toBe(k[r]![c]![0]![f]);
      // The same pass's class probabilities are what a prediction gives.
      const predicted = await predictProbabilities(net, input);
      maps.probabilities.forEach((p, i) => expect(p).toBeCloseTo(predicted[i]!, 6));
      // Every array its own buffer, to be transferred.
      expect(new Set(featureMapBuffers(maps)).size).toBe(1 + 6 + 1);
    } finally {
      optimizer.dispose();
      disposeModel(net);
    }
  });

  it('gives nothing to show for an MLP, and refuses an input that is not one image', async () => {
    const net = createModel(mlp([{ units: 8, batchNorm: true, bnPosition: 'before' }]), 1);
    try {
      const maps = await featureMaps(net, new Float32Array(784));
      expect(maps.blocks).toEqual([]);
      expect(maps.filters).toBeNull();
      await expect(featureMaps(net, new Float32Array(783))).rejects.toThrow('An image must be 784 values, got 783.');
    } finally {
      disposeModel(net);
    }
  });
});
