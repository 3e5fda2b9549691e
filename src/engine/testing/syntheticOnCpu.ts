import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll } from 'vitest';
import { disposeImageTensors, uploadImageSet, type ImageTensors } from '../dataTensors';
import { syntheticImageSet } from './syntheticData';

/**
 * Node-only (tests): call at the top of a test file. Before the file's tests it switches to the
 * cpu backend and uploads 320 synthetic training images (seed 1) and `testCount` test images
 * (seed 2); after them it disposes them. The returned object is filled in by then (empty before).
 */
export function useSyntheticOnCpu(testCount: number): { readonly train: ImageTensors; readonly test: ImageTensors } {
  const data = {} as { train: ImageTensors; test: ImageTensors };
  beforeAll(async () => {
    await tf.setBackend('cpu');
    data.train = uploadImageSet(syntheticImageSet(320, 1));
    data.test = uploadImageSet(syntheticImageSet(testCount, 2));
  });
  afterAll(() => {
    disposeImageTensors(data.train);
    disposeImageTensors(data.test);
  });
  return data;
}
