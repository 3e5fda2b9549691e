import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, expect, it } from 'vitest';
import { defaultExperiment } from './config';
import { disposeImageTensors, uploadImageSet } from './dataTensors';
import { warmUp } from './warmUp';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

it('warmUp trains and evaluates a throwaway network and leaves no tensor behind', async () => {
  const before = tf.memory().numTensors;
  const kernels = await tf.profile(() => warmUp(defaultExperiment()));
  // It really ran the network: the three Dense layers' kernels appear in the profile.
  expect(kernels.kernels.filter((k) => k.name === '_FusedMatMul').length).toBeGreaterThanOrEqual(6);
  expect(tf.memory().numTensors).toBe(before);
});

it('warmUp on the uploaded images gathers from them and leaves them as they were', async () => {
  const set = (count: number) => uploadImageSet({ count, pixels: new Uint8Array(count * 784).fill(7), labels: new Uint8Array(count).fill(3) });
  const data = { train: set(2000), test: set(1200) };
  const before = tf.memory().numTensors;
  const kernels = await tf.profile(() => warmUp(defaultExperiment(), data));
  // Gathers read the given images (their shapes appear as inputs), and every metric stack size is read once.
  expect(kernels.kernels.some((k) => k.name === 'GatherV2' && k.inputShapes[0]?.[0] === 2000)).toBe(true);
  expect(kernels.kernels.some((k) => k.name === 'GatherV2' && k.inputShapes[0]?.[0] === 1200)).toBe(true);
  expect(tf.memory().numTensors).toBe(before);
  expect((await data.train.xs.data()).every((v) => v === Math.fround(7 / 255))).toBe(true);
  disposeImageTensors(data.train);
  disposeImageTensors(data.test);
});
