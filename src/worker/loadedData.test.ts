import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { syntheticImageSet } from '../engine/testing/syntheticData';
import { createLoadedData } from './loadedData';

const images = (seed: number) => ({ train: syntheticImageSet(64, seed), test: syntheticImageSet(16, seed + 1) });

describe('the loaded data', () => {
  it('uploads once, frees its tensors on dispose and on replace, and uploads again on demand', async () => {
    await tf.setBackend('cpu');
    const data = createLoadedData();
    expect(() => data.uploaded()).toThrow('The data is not loaded yet.');
    expect(data.testSet()).toBeNull();
    const before = tf.memory().numTensors;
    data.replace('mnist', images(1));
    const first = data.uploaded();
    expect(data.uploaded()).toBe(first);
    const uploadedCount = tf.memory().numTensors - before;
    expect(uploadedCount).toBeGreaterThan(0);
    data.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(data.uploaded()).not.toBe(first);
    data.replace('fashion', images(3));
    expect(tf.memory().numTensors).toBe(before);
    expect(data.dataset()).toBe('fashion');
    expect(data.testSet()).toMatchObject({ dataset: 'fashion', labels: data.images()!.test.labels });
    expect(tf.memory().numTensors).toBe(before + uploadedCount);
    data.dispose();
  });

  it('keeps the test images of every dataset loaded, whatever runs train on', () => {
    const data = createLoadedData();
    const mnist = images(1);
    data.keepTestImages('mnist', mnist.test);
    expect(data.testImages('mnist')).toBe(mnist.test);
    expect(data.testImages('fashion')).toBeUndefined();
    expect(data.images()).toBeNull();
  });
});
