import { DataError } from './dataError';
import { parseIdxImages, parseIdxLabels } from './idx';
import { MNIST_SIDE, type MnistFileKey, type MnistFileSpec } from './mnistFiles';

/** A set of 28x28 grey images (MNIST digits or Fashion-MNIST clothes) with their labels. */
export interface ImageSet {
  count: number;
  /** [count * 784] uint8 0..255, each image row-major 28x28. */
  pixels: Uint8Array;
  /** [count] uint8 0..9. */
  labels: Uint8Array;
}

export interface DatasetImages {
  train: ImageSet;
  test: ImageSet;
}

/**
 * Gets the four decompressed files of a dataset with `read` (all four at once) and parses them
 * into its training and test sets (see `toImageSet`).
 * @throws whatever `read` throws; DataError `format`.
 */
export async function readImageSets(
  files: Readonly<Record<MnistFileKey, MnistFileSpec>>,
  read: (spec: MnistFileSpec) => Promise<Uint8Array>,
): Promise<DatasetImages> {
  const [trainImages, trainLabels, testImages, testLabels] = await Promise.all([
    read(files.trainImages),
    read(files.trainLabels),
    read(files.testImages),
    read(files.testLabels),
  ]);
  return {
    train: toImageSet(files.trainImages, trainImages, files.trainLabels, trainLabels),
    test: toImageSet(files.testImages, testImages, files.testLabels, testLabels),
  };
}

/**
 * Parses a decompressed image file and label file into an ImageSet, checking
 * that they match each other, the manifest counts, and MNIST's 28x28 size.
 * The arrays are views into the inputs (no copy).
 * @throws DataError `format`.
 */
export function toImageSet(imagesSpec: MnistFileSpec, imageBytes: Uint8Array, labelsSpec: MnistFileSpec, labelBytes: Uint8Array): ImageSet {
  const images = parseIdxImages(imageBytes, imagesSpec.name);
  const { labels, count: labelCount } = parseIdxLabels(labelBytes, labelsSpec.name);
  if (images.rows !== MNIST_SIDE || images.cols !== MNIST_SIDE) {
    throw new DataError('format', imagesSpec.name, `images are ${images.rows}x${images.cols} pixels, expected ${MNIST_SIDE}x${MNIST_SIDE}.`);
  }
  if (images.count !== imagesSpec.count) {
    throw new DataError('format', imagesSpec.name, `file holds ${images.count} images, expected ${imagesSpec.count}.`);
  }
  if (labelCount !== images.count) {
    throw new DataError('format', labelsSpec.name, `file holds ${labelCount} labels but ${imagesSpec.name} holds ${images.count} images.`);
  }
  return { count: images.count, pixels: images.pixels, labels };
}
