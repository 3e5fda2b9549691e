import type { ImageSetBytes, Split, Splits } from './dataTensors';
import { INPUT_UNITS } from './config';

/** Pixel statistics of the inputs one split feeds the network, after its scaling. */
export interface PixelStats {
  /** Mean over every pixel of every image. */
  mean: number;
  /** Standard deviation over every pixel of every image (population). */
  std: number;
  /** The largest pixel value. */
  max: number;
  /** Images it was computed over. */
  images: number;
}

/** The training inputs' statistics against the evaluation inputs'. Sent once per run by the worker. */
export interface InputStats {
  train: PixelStats;
  validation: PixelStats;
  test: PixelStats;
  /** Validation is the test set (the tutorial), not a holdout of training images. */
  validationIsTest: boolean;
}

/** Counts of each byte value 0..255 over a range of images, cached per pixel array (they never change). */
const histograms = new WeakMap<Uint8Array, Map<string, Float64Array>>();

function byteHistogram(pixels: Uint8Array, start: number, count: number): Float64Array {
  let cache = histograms.get(pixels);
  if (!cache) histograms.set(pixels, (cache = new Map()));
  const key = `${start}:${count}`;
  const cached = cache.get(key);
  if (cached) return cached;
  // Uint32 counts, then float: 60,000 images are 47 M pixels, well inside 2^32.
  const counts = new Uint32Array(256);
  const end = (start + count) * INPUT_UNITS;
  for (let i = start * INPUT_UNITS; i < end; i++) counts[pixels[i]!]! += 1;
  const histogram = Float64Array.from(counts);
  cache.set(key, histogram);
  return histogram;
}

/**
 * Mean, standard deviation and maximum of images `start … start + count − 1` of `bytes`, as the
 * network sees them: byte / 255 · `scale` (`scale` as in `Split.scale`). Pure apart from a cache
 * of byte histograms (one pass over the bytes per range, ~50 ms for all 60,000 images).
 */
export function pixelStats(bytes: ImageSetBytes, start: number, count: number, scale = 1): PixelStats {
  const histogram = byteHistogram(bytes.pixels, start, count);
  let n = 0;
  let sum = 0;
  let sumSquares = 0;
  let max = 0;
  for (let v = 0; v < 256; v++) {
    const c = histogram[v]!;
    if (c === 0) continue;
    n += c;
    sum += c * v;
    sumSquares += c * v * v;
    max = v;
  }
  const factor = scale / 255;
  const mean = n ? sum / n : 0;
  const variance = n ? Math.max(0, sumSquares / n - mean * mean) : 0;
  return { mean: mean * factor, std: Math.sqrt(variance) * factor, max: max * factor, images: count };
}

/**
 * The statistics of a run's training, validation and test inputs. `bytesOf` gives the bytes a
 * split's source tensors were uploaded from (the training or the test file).
 */
export function splitsInputStats(splits: Splits, bytesOf: (split: Split) => ImageSetBytes): InputStats {
  const of = (split: Split) => pixelStats(bytesOf(split), split.start, split.count, split.scale ?? 1);
  return {
    train: of(splits.train),
    validation: of(splits.validation),
    test: of(splits.test),
    validationIsTest: splits.validation.source === splits.test.source,
  };
}
