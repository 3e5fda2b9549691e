import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, expect, it } from 'vitest';
import { defaultExperiment } from './config';
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
