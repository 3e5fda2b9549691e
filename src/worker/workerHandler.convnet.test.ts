import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { CLASSES, defaultExperiment, INPUT_UNITS, type ExperimentConfig } from '../engine/config';
import type { LayerSpec } from '../engine/layers/spec';
import { featureMapBuffers } from '../engine/featureMaps';
import { predictedClasses } from '../engine/predictedClasses';
import { syntheticImageSet } from '../engine/testing/syntheticData';
import { cpuHandler } from './testing/cpuHandler';

/** A convnet run through the worker as the page drives it: probes per channel, predictions, a drawing and the feature maps. */

/** conv 4@3×3 'same' – BN – ReLU – max pool, conv 6@3×3 – GroupNorm – ReLU – max pool, flatten, Dense 10. */
const layers: LayerSpec[] = [
  { kind: 'conv2d', filters: 4, kernel: 3, stride: 1, padding: 'same' },
  { kind: 'batchNorm', momentum: 0.9, epsilon: 1e-3 },
  { kind: 'activation', fn: 'relu' },
  { kind: 'maxPool', size: 2 },
  { kind: 'conv2d', filters: 6, kernel: 3, stride: 1, padding: 'valid' },
  { kind: 'groupNorm', groups: 2, epsilon: 1e-3 },
  { kind: 'activation', fn: 'relu' },
  { kind: 'maxPool', size: 2 },
  { kind: 'flatten' },
  { kind: 'dense', units: 10 },
];

const convRun = (): ExperimentConfig => {
  const c = defaultExperiment();
  return { ...c, model: { layers }, train: { ...c.train, batchSize: 32, epochs: 1, learningRate: 1e-2, seed: 3 } };
};

function setup() {
  const data = { train: syntheticImageSet(320, 1), test: syntheticImageSet(100, 2) };
  const h = cpuHandler(async (_base, onProgress) => {
    onProgress({ loadedBytes: 1, totalBytes: 1 });
    return data;
  });
  const last = <T extends Parameters<typeof h.all>[0]>(type: T) => h.all(type).at(-1);
  return { ...h, data, last };
}

describe('worker handler: a convnet run', () => {
  it('is probed per channel, predicts test images and a drawing as its test accuracy says, and gives feature maps, tensors flat', async () => {
    const { handle, events, transfers, data, all, last } = setup();
    await handle({ type: 'loadData', baseUrl: 'http://x/' });
    await handle({ type: 'train', runId: 'c', config: convRun() });
    const ended = last('runEnded')!;
    if (ended.outcome.status !== 'completed') return expect.unreachable('run did not complete');

    // Probed before the first step and after the last: per channel of each conv block.
    const probes = all('probe').map((e) => e.probe);
    expect(probes.length).toBeGreaterThanOrEqual(2);
    expect(probes.at(-1)!.layers.map((l) => [l.units, l.positions, l.bn !== null])).toEqual([
      [4, 28 * 28, true],
      [6, 12 * 12, false],
    ]);

    const tensors = tf.memory().numTensors;
    await handle({ type: 'predict', requestId: 1, runId: 'c', images: { kind: 'test', dataset: 'mnist', start: 0, count: 100 } });
    const answer = last('predictions')!;
    const correct = predictedClasses(answer.probabilities!).filter((p, i) => p === answer.labels![i]).length;
    expect(correct / 100).toBeCloseTo(ended.outcome.test.accuracy, 6);
    // A drawing in the band of class 3, as the synthetic data draws it.
    const drawing = Float32Array.from({ length: INPUT_UNITS }, (_, p) => (Math.floor(p / 78.4) === 3 ? 0.8 : 0));
    await handle({ type: 'predict', requestId: 2, runId: 'c', images: { kind: 'drawing', pixels: drawing } });
    const drawn = last('predictions')!;
    expect(drawn.probabilities).toHaveLength(CLASSES);
    expect(drawn.probabilities!.reduce((a, b) => a + b)).toBeCloseTo(1, 5);

    await handle({ type: 'featureMaps', requestId: 3, runId: 'c', image: 42 });
    expect(tf.memory().numTensors).toBe(tensors);
    const result = last('featureMapsResult')!;
    expect(result).toMatchObject({ requestId: 3, runId: 'c', image: 42, label: data.test.labels[42] });
    const { maps } = result;
    expect(maps.blocks.map((b) => b.stages.map((s) => `${s.kind} ${s.height}×${s.width}×${s.channels}`))).toEqual([
      ['conv2d 28×28×4', 'batchNorm 28×28×4', 'activation 28×28×4', 'maxPool 14×14×4'],
      ['conv2d 12×12×6', 'groupNorm 12×12×6', 'activation 12×12×6', 'maxPool 6×6×6'],
    ]);
    expect(maps.filters).toMatchObject({ size: 3, inChannels: 1, count: 4 });
    expect(Array.from(result.pixels)).toEqual(Array.from(data.test.pixels.subarray(42 * INPUT_UNITS, 43 * INPUT_UNITS)));
    // Pixels, probabilities, 8 stages and the filters, each transferred.
    expect(new Set(transfers[events.indexOf(result)])).toEqual(new Set([result.pixels.buffer, ...featureMapBuffers(maps)]));
    expect(transfers[events.indexOf(result)]).toHaveLength(1 + 1 + 8 + 1);
    // The same image's probabilities as a prediction of it gives.
    Array.from(maps.probabilities).forEach((p, c) => expect(p).toBeCloseTo(answer.probabilities![42 * CLASSES + c]!, 5));

    await handle({ type: 'featureMaps', requestId: 4, runId: 'c', image: 100 });
    expect(last('featureMapsError')).toEqual({
      type: 'featureMapsError',
      requestId: 4,
      runId: 'c',
      message: 'Test image 100 does not exist: there are 100, numbered from 0.',
    });
    await handle({ type: 'featureMaps', requestId: 5, runId: 'gone', image: 0 });
    expect(last('featureMapsError')).toMatchObject({ requestId: 5, message: expect.stringMatching(/final weights are not in memory/) });
    expect(tf.memory().numTensors).toBe(tensors);
  });
});
