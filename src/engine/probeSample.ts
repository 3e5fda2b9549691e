import { createRng } from './rng';

/**
 * Most values per unit behind a probe's percentiles. A Dense unit has one value per probe image
 * (128, all read); a conv channel has one per image and position (128 · 28 · 28 = 100,352 in a
 * first block with 'same' padding), too many to read back and sort at every probe. 4,096 place
 * the 15th and 85th percentiles within about ±0.02 standard deviations.
 */
export const PROBE_SAMPLES_PER_UNIT = 4096;

/** The sample's seed: fixed, so every probe of every run reads the same positions of the probe batch. */
const SAMPLE_SEED = 0x9e0be;

/**
 * Which rows of a `[rows, units]` matrix (a block's activation inputs, one row per image and
 * position) a probe reads: null for all of them (rows ≤ `max`), else `max` row indices, sorted, one
 * drawn uniformly inside each of `max` equal strata. Strata keep the sample spread over every
 * image of the batch and every region of an image; a fixed stride could instead alias with the
 * image width and read only a few columns. Pure.
 */
export function sampledRows(rows: number, max = PROBE_SAMPLES_PER_UNIT): Int32Array | null {
  if (rows <= max) return null;
  const rng = createRng(SAMPLE_SEED);
  const picked = new Int32Array(max);
  for (let j = 0; j < max; j++) {
    const from = Math.floor((j * rows) / max);
    const to = Math.floor(((j + 1) * rows) / max);
    picked[j] = from + Math.floor(rng.next() * (to - from));
  }
  return picked;
}
