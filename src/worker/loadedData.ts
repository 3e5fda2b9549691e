import type { ImageSet } from '../data/imageSet';
import type { DatasetImages } from '../data/loadDataset';
import { DEFAULT_DATASET, type DatasetId } from '../engine/config';
import { disposeImageTensors, uploadImageSet, type ImageTensors } from '../engine/dataTensors';
import type { LoadedTestSet } from './modeDemoResponder';

export interface UploadedData {
  train: ImageTensors;
  test: ImageTensors;
}

/**
 * The data the worker trains on: the images of one dataset (on the CPU) and their tensors on the
 * backend, uploaded on first use and again after `dispose` (a new backend). Also keeps the test
 * images of every dataset loaded so far (7.8 MB each), which predictions show.
 */
export interface LoadedData {
  /** The images runs train on; null until a load succeeds. */
  images(): DatasetImages | null;
  /** Which dataset `images` holds (MNIST until another is loaded). */
  dataset(): DatasetId;
  /** Makes `images` of `dataset` the data runs train on, freeing the tensors of the data before. */
  replace(dataset: DatasetId, images: DatasetImages): void;
  /** Keeps `dataset`'s test images for predictions, whatever runs train on. */
  keepTestImages(dataset: DatasetId, images: ImageSet): void;
  testImages(dataset: DatasetId): ImageSet | undefined;
  /** The tensors of `images`, uploaded now if they are not. Owned here: callers never dispose them. @throws if no data is loaded. */
  uploaded(): UploadedData;
  /** The loaded test images, uploaded, with their labels: what the mode demonstration scores; null before any data. */
  testSet(): LoadedTestSet | null;
  /** Frees the tensors (the backend is going); the images stay, to be uploaded again. */
  dispose(): void;
}

export function createLoadedData(): LoadedData {
  let images: DatasetImages | null = null;
  let dataset: DatasetId = DEFAULT_DATASET;
  let tensors: UploadedData | null = null;
  const testSets = new Map<DatasetId, ImageSet>();

  const dispose = () => {
    if (!tensors) return;
    disposeImageTensors(tensors.train);
    disposeImageTensors(tensors.test);
    tensors = null;
  };
  const uploaded = () => {
    if (!images) throw new Error('The data is not loaded yet.');
    tensors ??= { train: uploadImageSet(images.train), test: uploadImageSet(images.test) };
    return tensors;
  };

  return {
    images: () => images,
    dataset: () => dataset,
    replace(wanted, data) {
      dispose();
      images = data;
      dataset = wanted;
    },
    keepTestImages(wanted, set) {
      testSets.set(wanted, set);
    },
    testImages: (d) => testSets.get(d),
    uploaded,
    testSet: () => (images ? { dataset, tensors: uploaded().test, labels: images.test.labels } : null),
    dispose,
  };
}
