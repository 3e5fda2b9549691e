import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { DATASET_SPECS, type DatasetId } from '../datasets';
import { readImageSets, type DatasetImages } from '../imageSet';

/** The repo's `public/` folder, where the shipped data files lie (`public/data/<dataset>/`). */
export const PUBLIC_DIR = new URL('../../../public/', import.meta.url);

/**
 * Node-only (tests): reads the four .gz files of `dataset` from `public/<its dir>`, gunzips and
 * parses them. No checksum check (`loadDataset`'s tests cover it). Allocates ~55 MB.
 */
export async function readDatasetFromDisk(dataset: DatasetId): Promise<DatasetImages> {
  const { dir, files } = DATASET_SPECS[dataset];
  return readImageSets(files, async (spec) => gunzipSync(await readFile(new URL(dir + spec.name, PUBLIC_DIR))));
}
