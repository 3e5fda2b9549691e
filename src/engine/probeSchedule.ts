/**
 * When the worker probes a run, and on how many images: plain numbers, no tfjs, so the page can
 * show them without pulling tfjs into the main-thread bundle.
 */

/**
 * Images in the probe batch: the first of the validation data, the same at every probe. 128
 * rather than 256: a probe costs about 2.5 training steps of 32 instead of 5 (wasm), and 128
 * values still place a 15th and 85th percentile.
 */
export const PROBE_BATCH_SIZE = 128;

/**
 * The worker's `maxTimeShare`: probes stay under 10% of training time on any backend. On wasm a
 * probe costs ~8 steps (~8% of the time at one every 100 steps), so this seldom skips one;
 * under software WebGL (SwiftShader) a probe took 9-12 steps (470-660 ms against ~55 ms a step,
 * measured in Chromium here), and about every other one is skipped.
 */
export const PROBE_TIME_SHARE = 0.08;

/**
 * The densest probing: one probe every this many steps. Measured on the tutorial model on wasm
 * (`src/engine/probeCost.test.ts`): a probe of 128 images costs ~8 of the fused kernels' steps
 * of 32 (2.5 ms against 0.3 ms), 15% of training time at one every 50 steps, ~8% at one every 100.
 */
export const PROBE_MIN_INTERVAL = 100;
/** Most probes in a run: long runs are probed less often, so their record stays small. */
export const MAX_PROBES_PER_RUN = 250;

/** Steps between probes for a run of `totalSteps` steps: at least PROBE_MIN_INTERVAL, at most MAX_PROBES_PER_RUN probes. */
export function probeInterval(totalSteps: number): number {
  return Math.max(PROBE_MIN_INTERVAL, Math.ceil(totalSteps / MAX_PROBES_PER_RUN));
}
