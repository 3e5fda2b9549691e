import { DataError, describeError } from './dataError';

/**
 * Downloads `url` completely into memory, streaming the body so progress can
 * be reported while it arrives.
 * @param name file name used in error messages.
 * @param onBytes called with the size of each received chunk (bytes as
 *   delivered by fetch: decoded bytes if the server used Content-Encoding).
 * @param signal aborts the download; the abort reason is rethrown as is (not
 *   wrapped in DataError) so callers can tell cancellation from failure.
 * @throws DataError `network` if the request fails or the connection drops,
 *   `http` if the status is not 2xx.
 */
export async function fetchBytes(url: string, name: string, onBytes: (delta: number) => void, signal?: AbortSignal): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url, { signal });
  } catch (error) {
    throw networkError(name, error, signal);
  }
  if (!response.ok) {
    const status = `${response.status} ${response.statusText}`.trim();
    const hint = response.status === 404 ? ' The data file is missing from this site.' : ' The server refused to send the data file.';
    throw new DataError('http', name, `HTTP ${status}.${hint}`);
  }
  if (response.body === null) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    onBytes(bytes.byteLength);
    return bytes;
  }

  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      total += value.byteLength;
      onBytes(value.byteLength);
    }
  } catch (error) {
    throw networkError(name, error, signal);
  } finally {
    reader.releaseLock();
  }
  return concat(chunks, total);
}

function networkError(name: string, error: unknown, signal: AbortSignal | undefined): unknown {
  if (signal?.aborted) return signal.reason;
  return new DataError('network', name, `download failed (${describeError(error)}). Check your connection and reload the page.`, { cause: error });
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  // A single chunk is common for small files; skip the copy.
  if (chunks.length === 1 && chunks[0] !== undefined) return chunks[0];
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
