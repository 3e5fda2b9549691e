import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { isGzip, maybeGunzip } from './gunzip';

const plain = new TextEncoder().encode('the quick brown fox '.repeat(1000));

describe('maybeGunzip', () => {
  it('decompresses real gzip', async () => {
    const gz = gzipSync(plain);
    expect(isGzip(gz)).toBe(true);
    expect(await maybeGunzip(gz, 'x.gz')).toEqual(plain);
  });

  it('returns non-gzip bytes unchanged', async () => {
    expect(isGzip(plain)).toBe(false);
    expect(isGzip(new Uint8Array([0x1f]))).toBe(false);
    expect(await maybeGunzip(plain, 'x.gz')).toBe(plain);
  });

  it.each([
    ['truncated', (gz: Uint8Array) => gz.subarray(0, gz.length - 20)],
    ['corrupt', (gz: Uint8Array) => gz.map((b, i) => (i === 20 ? b ^ 0xff : b))],
    ['header only', (gz: Uint8Array) => gz.subarray(0, 10)],
  ])('turns a %s stream into DataError gzip', async (_, damage) => {
    await expect(maybeGunzip(damage(gzipSync(plain)), 'x.gz')).rejects.toMatchObject({
      name: 'DataError',
      code: 'gzip',
      file: 'x.gz',
      message: expect.stringMatching(/^x\.gz: could not decompress/),
    });
  });
});
