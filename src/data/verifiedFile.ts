import { DataError } from './dataError';
import { isGzip, maybeGunzip } from './gunzip';
import type { MnistFileSpec } from './mnistFiles';
import { sha256Hex } from './sha256';

/**
 * Checks downloaded bytes against the manifest and returns the decompressed
 * IDX file. Gzip input is hashed before decompressing (the .gz hash is the one
 * published); input that is not gzip is taken as already decompressed by the
 * server and checked against the hash of the raw file.
 * May return `bytes` itself (no copy) when it was not gzip.
 * @throws DataError `checksum` on a hash mismatch, `gzip` if decompression fails.
 */
export async function loadVerifiedFile(spec: MnistFileSpec, bytes: Uint8Array): Promise<Uint8Array> {
  const gzip = isGzip(bytes);
  const expected = gzip ? spec.sha256Gz : spec.sha256Raw;
  const actual = await sha256Hex(bytes);
  if (actual !== expected) {
    throw new DataError('checksum', spec.name, `checksum mismatch (expected ${short(expected)}, got ${short(actual)}). The file is corrupt or was replaced.`);
  }
  return gzip ? maybeGunzip(bytes, spec.name) : bytes;
}

function short(hex: string): string {
  return `${hex.slice(0, 12)}…`;
}
