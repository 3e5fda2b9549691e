import { describe, expect, it } from 'vitest';
import { readMnistFromDisk } from './testing/readMnistFromDisk';

describe('readMnistFromDisk', () => {
  it('reads the committed MNIST files', async () => {
    const mnist = await readMnistFromDisk();
    expect(mnist.train.count).toBe(60000);
    expect(mnist.test.count).toBe(10000);
    expect(mnist.test.pixels.length).toBe(10000 * 784);
    expect(Array.from(mnist.train.labels.subarray(0, 5))).toEqual([5, 0, 4, 1, 9]);
  });
});
