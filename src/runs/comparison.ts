import type { ExperimentConfig } from '../engine/config';
import { parseExperiment } from '../engine/schema';
import { applyVariedValue, variationUnavailable } from './settings/settingsTable';
import type { Variation } from './settings/varied';
import { withBatchNorm } from './withBatchNorm';

export { VARIED_SETTINGS, type Variation, type VariedSetting } from './settings/varied';
export { withBatchNorm } from './withBatchNorm';

/**
 * `together`: every run of the comparison trains at once, interleaved step by step, so the curves
 * grow side by side. `queue`: one value after another.
 */
export const SCHEDULES = ['together', 'queue'] as const;
export type Schedule = (typeof SCHEDULES)[number];

/** A whole comparison as a user sets it up (and as a shared link carries it). */
export interface ComparisonSetup {
  base: ExperimentConfig;
  variation: Variation;
  schedule: Schedule;
  /** Pair every value with the same network without BatchNorm (the learning-rate ladder). */
  alsoWithoutBn: boolean;
}

/** Runs to train: each inner list trains together; the lists train one after another. */
export type RunPlan = ExperimentConfig[][];

export const MAX_VARIATION_VALUES = 8;

/** The base with one setting changed (a copy; the base is untouched). */
export const applyValue = (base: ExperimentConfig, variation: Variation, index: number): ExperimentConfig => applyVariedValue(base, variation, index);

/**
 * The first value whose experiment the schema refuses, with the schema's message; null when every
 * value makes a valid experiment. The form and a shared link check a comparison through this.
 * Index -1: no value would change `base` (dropout in a network without hidden Dense layers).
 */
export function invalidValue(base: ExperimentConfig, variation: Variation, trainImages: number): { index: number; reason: string } | null {
  const unavailable = variationUnavailable(variation.setting, base);
  if (unavailable) return { index: -1, reason: unavailable };
  for (let index = 0; index < variation.values.length; index++) {
    const parsed = parseExperiment(applyValue(base, variation, index), trainImages);
    if (!parsed.ok) return { index, reason: Object.values(parsed.errors)[0] ?? '' };
  }
  return null;
}

/** The runs a comparison trains, in order. */
export function expandComparison(setup: ComparisonSetup): RunPlan {
  const configs = setup.variation.values.map((_, i) => applyValue(setup.base, setup.variation, i));
  const units = configs.map((c) => (setup.alsoWithoutBn && setup.variation.setting !== 'batchNorm' ? [withBatchNorm(c, true), withBatchNorm(c, false)] : [c]));
  return setup.schedule === 'together' ? [units.flat()] : units;
}
