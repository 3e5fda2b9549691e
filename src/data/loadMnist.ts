import { fetchBytes } from './fetchBytes';
import { toImageSet, type Mnist } from './imageSet';
import { MNIST_DIR, MNIST_FILES, MNIST_TOTAL_GZ_BYTES, type MnistFileSpec } from './mnistFiles';
import { loadVerifiedFile } from './verifiedFile';

export type { ImageSet, Mnist } from './imageSet';

/** Download progress over all four files, in bytes of the .gz files. */
export interface LoadProgress {
  loadedBytes: number;
  totalBytes: number;
}

/**
 * Downloads, verifies (SHA-256), decompresses and parses the four MNIST files
 * from `<baseUrl>data/mnist/`, in parallel.
 *
 * `onProgress` is called as bytes arrive, with `loadedBytes` never decreasing,
 * never above `totalBytes`, and the last call having `loadedBytes === totalBytes`.
 * If one file fails the others are aborted.
 * @param baseUrl absolute base URL of the app, e.g. `new URL(import.meta.env.BASE_URL, location.href).href`.
 * @throws DataError (any code), or `signal.reason` if aborted.
 */
export async function loadMnist(
  baseUrl: string,
  onProgress: (p: LoadProgress) => void,
  signal?: AbortSignal,
): Promise<Mnist> {
  const totalBytes = MNIST_TOTAL_GZ_BYTES;
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
    const bytes = await fetchBytes(new URL(MNIST_DIR + spec.name, baseUrl).href, spec.name, onBytes, controller.signal);
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
    const [trainImages, trainLabels, testImages, testLabels] = await Promise.all([
      loadOrCancelOthers(MNIST_FILES.trainImages),
      loadOrCancelOthers(MNIST_FILES.trainLabels),
      loadOrCancelOthers(MNIST_FILES.testImages),
      loadOrCancelOthers(MNIST_FILES.testLabels),
    ]);
    return {
      train: toImageSet(MNIST_FILES.trainImages, trainImages, MNIST_FILES.trainLabels, trainLabels),
      test: toImageSet(MNIST_FILES.testImages, testImages, MNIST_FILES.testLabels, testLabels),
    };
  } finally {
    signal?.removeEventListener('abort', forwardAbort);
  }
}
