import { DATASET_SPECS, type DatasetId } from './datasets';
import { fetchBytes } from './fetchBytes';
import { readImageSets, type DatasetImages } from './imageSet';
import type { MnistFileSpec } from './mnistFiles';
import { loadVerifiedFile } from './verifiedFile';

export type { ImageSet, DatasetImages } from './imageSet';

/** Download progress over all four files, in bytes of the .gz files. */
export interface LoadProgress {
  loadedBytes: number;
  totalBytes: number;
}

/**
 * Downloads, verifies (SHA-256), decompresses and parses the four MNIST files
 * from `<baseUrl>data/mnist/`, in parallel (`loadDataset('mnist', …)`).
 */
export function loadMnist(baseUrl: string, onProgress: (p: LoadProgress) => void, signal?: AbortSignal): Promise<DatasetImages> {
  return loadDataset('mnist', baseUrl, onProgress, signal);
}

/**
 * Downloads, verifies (SHA-256), decompresses and parses the four files of `dataset`
 * from `<baseUrl><its dir>` (e.g. `data/fashion-mnist/`), in parallel.
 *
 * `onProgress` is called as bytes arrive, with `loadedBytes` never decreasing,
 * never above `totalBytes`, and the last call having `loadedBytes === totalBytes`.
 * If one file fails the others are aborted.
 * @param baseUrl absolute base URL of the app, e.g. `new URL(import.meta.env.BASE_URL, location.href).href`.
 * @throws DataError (any code), or `signal.reason` if aborted.
 */
export async function loadDataset(dataset: DatasetId, baseUrl: string, onProgress: (p: LoadProgress) => void, signal?: AbortSignal): Promise<DatasetImages> {
  const { dir, files } = DATASET_SPECS[dataset];
  const totalBytes = DATASET_SPECS[dataset].totalGzBytes;
  let loadedBytes = 0;
  const report = (delta: number): void => {
    if (delta === 0) return;
    loadedBytes += delta;
    onProgress({ loadedBytes, totalBytes });
  };

  // Our own controller so that a failure in one download cancels the rest.
  const controller = new AbortController();
  const forwardAbort = (): void => controller.abort(signal?.reason);
  if (signal?.aborted) forwardAbort();
  signal?.addEventListener('abort', forwardAbort, { once: true });

  const load = async (spec: MnistFileSpec): Promise<Uint8Array> => {
    // Progress is counted against the .gz size; a server that strips the gzip
    // layer sends ~4x more bytes, so clamp per file to keep the total honest.
    let fileBytes = 0;
    const onBytes = (delta: number): void => {
      const next = Math.min(spec.gzBytes, fileBytes + delta);
      report(next - fileBytes);
      fileBytes = next;
    };
    const bytes = await fetchBytes(new URL(dir + spec.name, baseUrl).href, spec.name, onBytes, controller.signal);
    const raw = await loadVerifiedFile(spec, bytes);
    controller.signal.throwIfAborted();
    report(spec.gzBytes - fileBytes);
    fileBytes = spec.gzBytes;
    return raw;
  };

  const loadOrCancelOthers = (spec: MnistFileSpec): Promise<Uint8Array> =>
    load(spec).catch((error: unknown) => {
      controller.abort(error);
      throw error;
    });

  try {
    return await readImageSets(files, loadOrCancelOthers);
  } finally {
    signal?.removeEventListener('abort', forwardAbort);
  }
}
