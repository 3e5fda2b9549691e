import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll } from 'vitest';
import type { DatasetImages } from '../../data/imageSet';
import { readMnistFromDisk } from '../../data/testing/readMnistFromDisk';
import { disposeImageTensors, uploadImageSet, type ImageTensors } from '../dataTensors';

/** The real MNIST of a test file: its bytes as read from disk and both sets uploaded as tensors. */
export interface RealMnist {
  readonly bytes: DatasetImages;
  readonly train: ImageTensors;
  readonly test: ImageTensors;
}

/**
 * Node-only (tests): call at the top of a test file. Before the file's tests it switches to the
 * wasm backend, reads all of real MNIST from `public/data/mnist/` and uploads both sets; after
 * them it disposes the tensors. The returned object is filled in by then (empty before).
 */
export function useRealMnistOnWasm(): RealMnist {
  const data = {} as { bytes: DatasetImages; train: ImageTensors; test: ImageTensors };
  beforeAll(async () => {
    await tf.setBackend('wasm');
    data.bytes = await readMnistFromDisk();
    data.train = uploadImageSet(data.bytes.train);
    data.test = uploadImageSet(data.bytes.test);
  });
  afterAll(() => {
    disposeImageTensors(data.train);
    disposeImageTensors(data.test);
  });
  return data;
}
