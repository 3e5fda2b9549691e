import { DataError, describeError } from '../data/dataError';
import { DATASET_SPECS } from '../data/datasets';
import type { DatasetImages, LoadProgress } from '../data/loadDataset';
import type { DatasetId } from '../engine/config';
import type { LoadedData } from './loadedData';
import type { BackendInfo, PostEvent } from './protocol';

export interface DataLoaderDeps {
  /** Loads `dataset` (see `loadDataset`); `signal` aborts a load superseded by another. */
  load(baseUrl: string, onProgress: (p: LoadProgress) => void, dataset: DatasetId, signal: AbortSignal): Promise<DatasetImages>;
  /** Whether runs are training now: they hold the tensors of the data loaded before. */
  training(): boolean;
  /** The backend, started if none is. */
  backend(): Promise<BackendInfo>;
  /** After the upload: backend work that gives the first step a head start (Auto's race, the GPU warm-up). Never rejects. */
  prepare(): Promise<void>;
}

/**
 * The `loadData` command: loads a dataset into `data`, posting `dataProgress`, then `dataReady`
 * (after starting the backend and uploading the images) or `dataError`. A load under way for
 * another dataset is aborted and says nothing more. Refused while runs train on other data.
 * The returned function never rejects.
 */
export function createDataLoader(post: PostEvent, data: LoadedData, deps: DataLoaderDeps): (baseUrl: string, wanted: DatasetId) => Promise<void> {
  /** The load under way, aborted when another dataset is asked for. */
  let loading: AbortController | null = null;

  return async (baseUrl, wanted) => {
    if (wanted !== data.dataset() && deps.training()) {
      const [from, to] = [DATASET_SPECS[data.dataset()].title, DATASET_SPECS[wanted].title];
      post({ type: 'dataError', dataset: wanted, code: 'unknown', message: `Runs are training on ${from}: stop them before switching to ${to}.` });
      return;
    }
    loading?.abort(new Error('superseded'));
    const controller = new AbortController();
    loading = controller;
    try {
      const images = await deps.load(baseUrl, (p) => post({ type: 'dataProgress', ...p, dataset: wanted }), wanted, controller.signal);
      if (controller.signal.aborted) return;
      data.keepTestImages(wanted, images.test);
      // Runs training now use the tensors of the data they started on (the same dataset): keep them.
      if (!deps.training()) data.replace(wanted, images);
      await deps.backend();
      // Upload now, while the user reads the page, so the first step follows the click closely.
      data.uploaded();
      post({ type: 'dataReady', dataset: wanted, trainCount: images.train.count, testCount: images.test.count });
      await deps.prepare();
    } catch (error) {
      if (controller.signal.aborted) return;
      post({ type: 'dataError', dataset: wanted, code: error instanceof DataError ? error.code : 'unknown', message: describeError(error) });
    } finally {
      if (loading === controller) loading = null;
    }
  };
}
