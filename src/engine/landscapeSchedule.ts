/**
 * What the loss-landscape measurements (landscape.ts) look at and how often a run takes them:
 * plain numbers, no tfjs, so the page can name them without pulling tfjs into its bundle.
 */

/**
 * Step sizes η, in weight units per unit of gradient, doubling. Our choice (the paper names none
 * for its figure): long enough that the tutorial network without BatchNorm leaves the region its
 * gradient describes; three, so a measurement stays cheap beside our fused training step.
 */
export const LANDSCAPE_STEP_SIZES: readonly number[] = [0.4, 0.8, 1.6];

/**
 * Images in the landscape batch: the first of the training data, the same at every measurement.
 * 64 rather than the probes' 128: a tfjs pass costs nearly as much either way, and the effect
 * measured (a factor of several between the runs) stands well above the noise of 64 images.
 */
export const LANDSCAPE_BATCH_SIZE = 64;

/** The worker's landscape schedule: at least this many steps apart, and at most MAX_LANDSCAPES_PER_RUN in a run. */
export const LANDSCAPE_MIN_INTERVAL = 100;
export const MAX_LANDSCAPES_PER_RUN = 30;
/**
 * The worker's `maxTimeShare` for landscapes. A measurement is 4 forward and backward passes in
 * tfjs on 64 images, 15–40 ms on wasm (more on a busy machine), while our fused WebAssembly step
 * trains the tutorial network at batch 32 in about 1 ms (Node): the cap, not the interval, sets
 * how many a run gets, evenly spread. In all they cost this share of the time, and at most one
 * measurement more.
 */
export const LANDSCAPE_TIME_SHARE = 0.05;

/** Steps between landscape measurements for a run of `totalSteps` steps. */
export function landscapeInterval(totalSteps: number): number {
  return Math.max(LANDSCAPE_MIN_INTERVAL, Math.ceil(totalSteps / MAX_LANDSCAPES_PER_RUN));
}
