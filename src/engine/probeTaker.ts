import type { Splits } from './dataTensors';
import { LANDSCAPE_BATCH_SIZE, LANDSCAPE_STEP_SIZES, measureLandscape } from './landscape';

export { LANDSCAPE_MIN_INTERVAL, LANDSCAPE_TIME_SHARE, landscapeInterval, MAX_LANDSCAPES_PER_RUN } from './landscapeSchedule';
import type { Model } from './model';
import { probeModel, probeRows, type Probe, type ProbeOptions } from './probe';

export interface ProbeTakerParts {
  net: Model;
  splits: Splits;
  options: ProbeOptions | undefined;
  /** Steps the run trains in all: the probe after the last one is due a landscape whatever the interval. */
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
  /** Time the measurements took, the first included: the budget holds whatever it cost. */
  let spentMs = 0;
  const due = (atStep: number): boolean => {
    if (!landscape || landscapeBatch.length < 2) return false;
    // The first always: a run that asks has at least one.
    if (lastAt === -1) return true;
    // After the last step one more, however close to the one before, if the time allows.
    if (atStep - lastAt < landscape.every && atStep !== totalSteps) return false;
    const share = landscape.maxTimeShare;
    return share === undefined || spentMs <= share * elapsed();
  };
  return async (atStep) => {
    const probe = await probeModel(net, splits.validation, probeBatch, atStep, guard);
    if (!landscape || !due(atStep)) return probe;
    const began = performance.now();
    const measured = await measureLandscape(net, splits.train, landscapeBatch, landscape.stepSizes ?? LANDSCAPE_STEP_SIZES, guard);
    const ms = performance.now() - began;
    spentMs += ms;
    lastAt = atStep;
    return { ...probe, landscape: { ...measured, ms } };
  };
}
