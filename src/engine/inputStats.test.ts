import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultExperiment } from './config';
import { disposeImageTensors, makeSplits, uploadImageSet, type ImageSetBytes, type ImageTensors } from './dataTensors';
import { pixelStats, splitsInputStats } from './inputStats';
import { syntheticImageSet } from './testing/syntheticData';

const trainBytes = syntheticImageSet(300, 1);
const testBytes = syntheticImageSet(100, 2);
let train: ImageTensors;
let test: ImageTensors;

beforeAll(async () => {
  await tf.setBackend('cpu');
  train = uploadImageSet(trainBytes);
  test = uploadImageSet(testBytes);
});
afterAll(() => {
  disposeImageTensors(train);
  disposeImageTensors(test);
});

/** Mean, std and max the plain way, over images start..start+count-1, as bytes/255·scale. */
function naive(set: ImageSetBytes, start: number, count: number, scale: number) {
  const values = Array.from(set.pixels.subarray(start * 784, (start + count) * 784), (b) => (b / 255) * scale);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
  return { mean, std, max: values.reduce((a, b) => Math.max(a, b), 0) };
}

describe('pixelStats', () => {
  it.each([
    [0, 300, 1],
    [50, 120, 1 / 255],
    [10, 5, 255],
  ])('matches a plain computation over images %i.. (%i of them) at scale %f', (start, count, scale) => {
    const got = pixelStats(trainBytes, start, count, scale);
    const want = naive(trainBytes, start, count, scale);
    expect(got.images).toBe(count);
    expect(got.mean).toBeCloseTo(want.mean, 10 - Math.log10(scale + 1));
    expect(got.std / want.std).toBeCloseTo(1, 9);
    expect(got.max).toBeCloseTo(want.max, 9);
  });
});

describe('splitsInputStats', () => {
  it('describes training, validation and test inputs as the run feeds them', () => {
    const config = { ...defaultExperiment().train, validation: { kind: 'holdout' as const, size: 40 }, trainScale: 'div255twice' as const };
    const stats = splitsInputStats(makeSplits(train, test, config), (s) => (s.source === train ? trainBytes : testBytes));
    expect(stats.validationIsTest).toBe(false);
    expect(stats.train.images).toBe(260);
    expect(stats.train.mean).toBeCloseTo(naive(trainBytes, 40, 260, 1 / 255).mean, 12);
    expect(stats.validation.mean).toBeCloseTo(naive(trainBytes, 0, 40, 1).mean, 9);
    expect(stats.test.max).toBeCloseTo(naive(testBytes, 0, 100, 1).max, 9);
    const tutorial = splitsInputStats(makeSplits(train, test, defaultExperiment().train), (s) => (s.source === train ? trainBytes : testBytes));
    expect(tutorial.validationIsTest).toBe(true);
    expect(tutorial.validation).toEqual(tutorial.test);
  });
});
