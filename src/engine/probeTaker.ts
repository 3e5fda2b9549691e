import type { Splits } from './dataTensors';
import { LANDSCAPE_BATCH_SIZE, LANDSCAPE_STEP_SIZES, measureLandscape } from './landscape';
import type { Model } from './model';
import { probeModel, probeRows, type Probe, type ProbeOptions } from './probe';

/** The worker's landscape schedule: at least this many steps apart, and at most MAX_LANDSCAPES_PER_RUN in a run. */
export const LANDSCAPE_MIN_INTERVAL = 100;
export const MAX_LANDSCAPES_PER_RUN = 30;
/**
 * The worker's `maxTimeShare` for landscapes: a measurement is 5 forward and backward passes on
 * 128 images, about 25 ms on wasm (8 steps of 32), so one every 100 steps costs ~8% and this cap
 * holds it near 5%; under software WebGL it skips more.
 */
export const LANDSCAPE_TIME_SHARE = 0.05;

/** Steps between landscape measurements for a run of `totalSteps` steps. */
export function landscapeInterval(totalSteps: number): number {
  return Math.max(LANDSCAPE_MIN_INTERVAL, Math.ceil(totalSteps / MAX_LANDSCAPES_PER_RUN));
}

export interface ProbeTakerParts {
  net: Model;
  splits: Splits;
  options: ProbeOptions | undefined;
  /** Steps the run trains in all: the probe after the last one gets a landscape too. */
  totalSteps: number;
  /** Wraps each read-back from the device (e.g. `RunControl.guard`). */
  guard: (values: Promise<Float32Array>) => Promise<Float32Array>;
  /** Training time so far, ms. */
  elapsed(): number;
}

/**
 * What a training loop calls to take a probe after `atStep` steps (see `probeModel`): on the
 * first validation images, and, when `options.landscape` asks and one is due, with the loss
 * landscape measured on the first training images. Null when the run is not probed or its
 * validation data is too small. Neither changes the model.
 */
export function createProbeTaker({ net, splits, options, totalSteps, guard, elapsed }: ProbeTakerParts): ((atStep: number) => Promise<Probe>) | null {
  if (!options) return null;
  const probeBatch = probeRows(splits.validation);
  if (probeBatch.length < 2) return null;
  const landscape = options.landscape;
  const landscapeBatch = probeRows(splits.train, LANDSCAPE_BATCH_SIZE);
  let lastAt = -1;
  let laterMs = 0;
  const due = (atStep: number): boolean => {
    if (!landscape || landscapeBatch.length < 2) return false;
    // The first and the last always, as the probes themselves.
    if (lastAt === -1 || atStep === totalSteps) return true;
    if (atStep - lastAt < landscape.every) return false;
    const share = landscape.maxTimeShare;
    return share === undefined || laterMs <= share * elapsed();
  };
  return async (atStep) => {
    const probe = await probeModel(net, splits.validation, probeBatch, atStep, guard);
    if (!landscape || !due(atStep)) return probe;
    const began = performance.now();
    const measured = await measureLandscape(net, splits.train, landscapeBatch, landscape.stepSizes ?? LANDSCAPE_STEP_SIZES, guard);
    const ms = performance.now() - began;
    if (lastAt !== -1) laterMs += ms;
    lastAt = atStep;
    return { ...probe, landscape: { ...measured, ms } };
  };
}
