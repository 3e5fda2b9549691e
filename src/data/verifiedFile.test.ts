import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { MnistFileSpec } from './mnistFiles';
import { sha256Hex } from './sha256';
import { loadVerifiedFile } from './verifiedFile';

const raw = new TextEncoder().encode('some idx bytes '.repeat(100));
const gz = gzipSync(raw);

async function specFor(): Promise<MnistFileSpec> {
  return {
    name: 'x-idx1-ubyte.gz',
    kind: 'labels',
    count: 0,
    gzBytes: gz.length,
    sha256Gz: await sha256Hex(gz),
    sha256Raw: await sha256Hex(raw),
  };
}

describe('loadVerifiedFile', () => {
  it('verifies and decompresses gzip bytes', async () => {
    expect(await loadVerifiedFile(await specFor(), gz)).toEqual(raw);
  });

  it('verifies bytes the server already decompressed against the raw hash', async () => {
    expect(await loadVerifiedFile(await specFor(), raw)).toBe(raw);
  });

  it('rejects a gzip checksum mismatch', async () => {
    const spec = { ...(await specFor()), sha256Gz: 'ab'.repeat(32) };
    await expect(loadVerifiedFile(spec, gz)).rejects.toMatchObject({
      code: 'checksum',
      file: 'x-idx1-ubyte.gz',
      message: expect.stringMatching(
        /^x-idx1-ubyte\.gz: checksum mismatch \(expected abababababab…, got [0-9a-f]{12}…\)\. The file is corrupt or was replaced\.$/,
      ),
    });
  });

  it('rejects a raw checksum mismatch', async () => {
    const tampered = raw.map((b, i) => (i === 0 ? b + 1 : b));
    await expect(loadVerifiedFile(await specFor(), tampered)).rejects.toMatchObject({ code: 'checksum' });
  });
});
