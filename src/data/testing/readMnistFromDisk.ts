import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { toImageSet, type Mnist } from '../imageSet';
import { MNIST_FILES, type MnistFileSpec } from '../mnistFiles';

/** Folder holding the committed MNIST .gz files (repo `public/data/mnist/`). */
export const MNIST_DISK_DIR = new URL('../../../public/data/mnist/', import.meta.url);

/**
 * Node-only (tests): reads the four MNIST .gz files from `public/data/mnist/`,
 * gunzips and parses them. No checksum check: the files are committed and
 * `loadMnist`'s own tests cover verification. Reads ~11.6 MB, allocates ~55 MB.
 */
export async function readMnistFromDisk(): Promise<Mnist> {
  const read = async (spec: MnistFileSpec): Promise<Uint8Array> =>
    gunzipSync(await readFile(new URL(spec.name, MNIST_DISK_DIR)));
  const [trainImages, trainLabels, testImages, testLabels] = await Promise.all([
    read(MNIST_FILES.trainImages),
    read(MNIST_FILES.trainLabels),
    read(MNIST_FILES.testImages),
    read(MNIST_FILES.testLabels),
  ]);
  return {
    train: toImageSet(MNIST_FILES.trainImages, trainImages, MNIST_FILES.trainLabels, trainLabels),
    test: toImageSet(MNIST_FILES.testImages, testImages, MNIST_FILES.testLabels, testLabels),
  };
}
