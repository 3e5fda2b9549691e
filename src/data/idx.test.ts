import { describe, expect, it } from 'vitest';
import { DataError } from './dataError';
import { parseIdxImages, parseIdxLabels } from './idx';

function idx(header: number[], body: number[]): Uint8Array {
  const bytes = new Uint8Array(header.length * 4 + body.length);
  const view = new DataView(bytes.buffer);
  header.forEach((v, i) => view.setUint32(i * 4, v));
  bytes.set(body, header.length * 4);
  return bytes;
}

function formatError(fn: () => unknown): DataError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    if (!(error instanceof DataError)) throw error;
    expect(error.code).toBe('format');
    expect(error.file).toBe('f.idx');
    expect(error.message.startsWith('f.idx: ')).toBe(true);
    return error;
  }
  throw new Error('expected a DataError');
}

describe('parseIdxImages', () => {
  it('parses a generic (non 28x28) image file as a view', () => {
    const bytes = idx([2051, 2, 2, 3], [0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]);
    const images = parseIdxImages(bytes, 'f.idx');
    expect(images).toMatchObject({ count: 2, rows: 2, cols: 3 });
    expect(Array.from(images.pixels)).toEqual([0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]);
    expect(images.pixels.buffer).toBe(bytes.buffer);
  });

  it('works on a view with a non-zero byteOffset', () => {
    const inner = idx([2051, 1, 1, 2], [7, 8]);
    const outer = new Uint8Array(inner.length + 5);
    outer.set(inner, 5);
    const images = parseIdxImages(outer.subarray(5), 'f.idx');
    expect(Array.from(images.pixels)).toEqual([7, 8]);
  });

  it('rejects a file too short for the header', () => {
    expect(formatError(() => parseIdxImages(new Uint8Array(10), 'f.idx')).message).toMatch(/10 bytes, too short/);
  });

  it('rejects a wrong magic, naming both', () => {
    const e = formatError(() => parseIdxImages(idx([2049, 1, 1, 1], [0]), 'f.idx'));
    expect(e.message).toContain('0x00000801');
    expect(e.message).toContain('0x00000803');
    expect(e.message).not.toMatch(/gzip/);
  });

  it('hints at gzip when the bytes are still compressed', () => {
    const bytes = new Uint8Array(32);
    bytes.set([0x1f, 0x8b, 0x08]);
    expect(formatError(() => parseIdxImages(bytes, 'f.idx')).message).toMatch(/gzip file that was not decompressed/);
  });

  it('rejects a truncated body with the numbers', () => {
    const e = formatError(() => parseIdxImages(idx([2051, 2, 2, 2], [1, 2, 3, 4, 5, 6, 7]), 'f.idx'));
    expect(e.message).toMatch(/truncated/);
    expect(e.message).toMatch(/8 data bytes\), but 7/);
  });

  it('rejects trailing bytes', () => {
    const e = formatError(() => parseIdxImages(idx([2051, 1, 1, 1], [1, 2]), 'f.idx'));
    expect(e.message).toMatch(/trailing bytes.*1 data bytes\), but 2/);
  });
});

describe('parseIdxLabels', () => {
  it('parses labels as a view', () => {
    const bytes = idx([2049, 4], [5, 0, 4, 9]);
    const labels = parseIdxLabels(bytes, 'f.idx');
    expect(labels.count).toBe(4);
    expect(Array.from(labels.labels)).toEqual([5, 0, 4, 9]);
    expect(labels.labels.buffer).toBe(bytes.buffer);
  });

  it('rejects labels above 9', () => {
    expect(formatError(() => parseIdxLabels(idx([2049, 3], [1, 10, 2]), 'f.idx')).message).toMatch(/label 1 is 10/);
  });

  it('rejects an image file given as labels', () => {
    expect(formatError(() => parseIdxLabels(idx([2051, 0, 0, 0], []), 'f.idx')).message).toContain('0x00000803');
  });

  it('rejects a file too short, truncated or with trailing bytes', () => {
    formatError(() => parseIdxLabels(new Uint8Array(7), 'f.idx'));
    expect(formatError(() => parseIdxLabels(idx([2049, 3], [1, 2]), 'f.idx')).message).toMatch(/truncated/);
    expect(formatError(() => parseIdxLabels(idx([2049, 1], [1, 2]), 'f.idx')).message).toMatch(/trailing/);
  });

  it('hints at gzip for compressed label files', () => {
    const bytes = new Uint8Array(20);
    bytes.set([0x1f, 0x8b]);
    expect(formatError(() => parseIdxLabels(bytes, 'f.idx')).message).toMatch(/gzip/);
  });
});
