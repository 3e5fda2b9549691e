import { DataError, describeError } from './dataError';
import { ownBuffer } from './ownBuffer';

/** True if `bytes` starts with the gzip magic number 0x1f 0x8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Decompresses `bytes` if they are gzip, otherwise returns them unchanged
 * (same object): a server or CDN may already have removed the gzip layer via
 * `Content-Encoding: gzip`, in which case fetch hands us the decoded bytes.
 * Uses the platform DecompressionStream (browsers, workers, Node >= 18).
 * @param name file name used in error messages.
 * @throws DataError `gzip` if the stream is corrupt, truncated or has trailing junk.
 */
export async function maybeGunzip(bytes: Uint8Array, name: string): Promise<Uint8Array> {
  if (!isGzip(bytes)) return bytes;
  try {
    const compressed = new ReadableStream<Uint8Array<ArrayBuffer>>({
      start(controller) {
        controller.enqueue(ownBuffer(bytes));
        controller.close();
      },
    });
    const decompressed = compressed.pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(decompressed).arrayBuffer());
  } catch (error) {
    throw new DataError('gzip', name, `could not decompress the gzip data (${describeError(error)}). The file is corrupt or incomplete.`, { cause: error });
  }
}
