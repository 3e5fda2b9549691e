import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { DATASET_SPECS, type DatasetId } from '../datasets';
import { toImageSet, type Mnist } from '../imageSet';
import type { MnistFileSpec } from '../mnistFiles';

/** The repo's `public/` folder, where the shipped data files lie (`public/data/<dataset>/`). */
export const PUBLIC_DIR = new URL('../../../public/', import.meta.url);

/**
 * Node-only (tests): reads the four .gz files of `dataset` from `public/<its dir>`, gunzips and
 * parses them. No checksum check (`loadDataset`'s tests cover it). Allocates ~55 MB.
 */
export async function readDatasetFromDisk(dataset: DatasetId): Promise<Mnist> {
  const { dir, files } = DATASET_SPECS[dataset];
  const read = async (spec: MnistFileSpec): Promise<Uint8Array> => gunzipSync(await readFile(new URL(dir + spec.name, PUBLIC_DIR)));
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
