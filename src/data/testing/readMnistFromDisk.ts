import type { DatasetImages } from '../imageSet';
import { MNIST_DIR } from '../mnistFiles';
import { PUBLIC_DIR, readDatasetFromDisk } from './readDatasetFromDisk';

/** Folder holding the committed MNIST .gz files (repo `public/data/mnist/`). */
export const MNIST_DISK_DIR = new URL(MNIST_DIR, PUBLIC_DIR);

/**
 * Node-only (tests): reads the four MNIST .gz files from `public/data/mnist/`,
 * gunzips and parses them. No checksum check: the files are committed and
 * `loadMnist`'s own tests cover verification. Reads ~11.6 MB, allocates ~55 MB.
 */
export function readMnistFromDisk(): Promise<DatasetImages> {
  return readDatasetFromDisk('mnist');
}
