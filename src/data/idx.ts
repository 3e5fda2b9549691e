import { DataError } from './dataError';

/**
 * Parsers for the IDX format used by the MNIST files
 * (http://yann.lecun.com/exdb/mnist/): a big-endian uint32 header followed by
 * raw uint8 data. They are generic (any image size) and never copy: the
 * returned arrays are views into `bytes`, so keep `bytes` alive and unmodified.
 */

/** Magic number of an IDX file of uint8 with 3 dimensions (images). */
export const IDX_IMAGES_MAGIC = 0x00000803; // 2051
/** Magic number of an IDX file of uint8 with 1 dimension (labels). */
export const IDX_LABELS_MAGIC = 0x00000801; // 2049

const IMAGES_HEADER_BYTES = 16;
const LABELS_HEADER_BYTES = 8;
const MAX_LABEL = 9;

export interface IdxImages {
  count: number;
  rows: number;
  cols: number;
  /** [count * rows * cols] uint8 0..255, image-major then row-major; a view into the input. */
  pixels: Uint8Array;
}

export interface IdxLabels {
  count: number;
  /** [count] uint8 0..9; a view into the input. */
  labels: Uint8Array;
}

/**
 * Parses an uncompressed IDX3 uint8 image file.
 * @param name file name used in error messages.
 * @throws DataError `format` if the header or length is wrong.
 */
export function parseIdxImages(bytes: Uint8Array, name: string): IdxImages {
  const view = readHeader(bytes, name, IMAGES_HEADER_BYTES, IDX_IMAGES_MAGIC, 'image');
  const count = view.getUint32(4);
  const rows = view.getUint32(8);
  const cols = view.getUint32(12);
  // Multiply as doubles: a hostile header could overflow 32-bit math but not 2^53.
  const expected = count * rows * cols;
  checkBodyLength(bytes, name, IMAGES_HEADER_BYTES, expected, `${count} images of ${rows}x${cols} pixels`);
  return { count, rows, cols, pixels: bytes.subarray(IMAGES_HEADER_BYTES) };
}

/**
 * Parses an uncompressed IDX1 uint8 label file whose labels must be digits 0..9.
 * @param name file name used in error messages.
 * @throws DataError `format` if the header or length is wrong or a label is > 9.
 */
export function parseIdxLabels(bytes: Uint8Array, name: string): IdxLabels {
  const view = readHeader(bytes, name, LABELS_HEADER_BYTES, IDX_LABELS_MAGIC, 'label');
  const count = view.getUint32(4);
  checkBodyLength(bytes, name, LABELS_HEADER_BYTES, count, `${count} labels`);
  const labels = bytes.subarray(LABELS_HEADER_BYTES);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i] ?? 0;
    if (label > MAX_LABEL) {
      throw new DataError('format', name, `label ${i} is ${label}, but labels must be digits 0..${MAX_LABEL}.`);
    }
  }
  return { count, labels };
}

function readHeader(bytes: Uint8Array, name: string, headerBytes: number, magic: number, kind: 'image' | 'label'): DataView {
  if (bytes.byteLength < headerBytes) {
    throw new DataError('format', name, `file is ${bytes.byteLength} bytes, too short for the ${headerBytes}-byte IDX ${kind} header.`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, headerBytes);
  const found = view.getUint32(0);
  if (found !== magic) {
    // The most likely cause is a .gz that nobody decompressed; say so.
    const hint = bytes[0] === 0x1f && bytes[1] === 0x8b ? ' Is this a gzip file that was not decompressed?' : '';
    throw new DataError('format', name, `not an IDX ${kind} file (magic number ${hex32(found)}, expected ${hex32(magic)}).${hint}`);
  }
  return view;
}

function checkBodyLength(bytes: Uint8Array, name: string, headerBytes: number, expected: number, what: string): void {
  const actual = bytes.byteLength - headerBytes;
  if (actual === expected) return;
  const problem = actual < expected ? 'truncated' : 'has trailing bytes';
  throw new DataError('format', name, `file ${problem}: header says ${what} (${expected} data bytes), but ${actual} data bytes follow the header.`);
}

function hex32(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}
