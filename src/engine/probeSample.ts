import { createRng } from './rng';

/**
 * Most values per unit behind a probe's percentiles. A Dense unit has one value per probe image
 * (128, all read); a conv channel has one per image and position (128 · 28 · 28 = 100,352 in a
 * first block with 'same' padding), too many to read back and sort at every probe. From 4,096
 * the 15th and 85th percentiles of a normal distribution have a standard error of about 0.024
 * standard deviations. Reading them all made a probe 4× slower (1.3–2.3 s against 0.33–0.51 s
 * for conv 8 – conv 16 – Dense 64 with BN on wasm in Node, where a step of 64 took 0.24 s).
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
