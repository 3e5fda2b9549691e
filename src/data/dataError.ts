/**
 * What went wrong while getting a data file, coarse enough for the UI to pick
 * a hint and for tests to assert on:
 * - `network`: the request never got a response (offline, blocked, reset mid-stream).
 * - `http`: the server answered with a non-2xx status.
 * - `gzip`: the bytes looked like gzip but would not decompress.
 * - `checksum`: the bytes do not hash to the value in the manifest.
 * - `format`: the (decompressed) bytes are not the IDX data we expect.
 */
export type DataErrorCode = 'network' | 'http' | 'gzip' | 'checksum' | 'format';

/**
 * Error for a specific data file. `message` is written for an end user and
 * always starts with the file name, e.g.
 * `train-images-idx3-ubyte.gz: checksum mismatch (expected 440fcabf73cc…, got 1a2b3c4d5e6f…). The file is corrupt or was replaced.`
 */
export class DataError extends Error {
  readonly code: DataErrorCode;
  /** File name (not the full URL) the error is about. */
  readonly file: string;

  constructor(code: DataErrorCode, file: string, detail: string, options?: { cause?: unknown }) {
    super(`${file}: ${detail}`, options);
    this.name = 'DataError';
    this.code = code;
    this.file = file;
  }
}

/** Best-effort one-line description of an unknown thrown value, for messages. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
