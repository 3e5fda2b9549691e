import type { Activation, ExperimentConfig, OptimizerKind } from '../engine/config';
import { hasLayer, withActivation, withDropout, withNormalization, withoutLayers } from '../engine/layers/edits';
import { parseExperiment } from '../engine/schema';

/** The settings a comparison may vary, one at a time, as the seeds do (BN or not; batch 16/64/256). */
export const VARIED_SETTINGS = ['batchNorm', 'batchSize', 'learningRate', 'activation', 'optimizer', 'dropout'] as const;
export type VariedSetting = (typeof VARIED_SETTINGS)[number];

export type Variation =
  | { setting: 'batchNorm'; values: boolean[] }
  | { setting: 'batchSize'; values: number[] }
  | { setting: 'learningRate'; values: number[] }
  | { setting: 'activation'; values: Activation[] }
  | { setting: 'optimizer'; values: OptimizerKind[] }
  /** Dropout after every hidden layer at each rate (0: none). */
  | { setting: 'dropout'; values: number[] };

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

const clone = (c: ExperimentConfig): ExperimentConfig => structuredClone(c);

/** The base with BatchNorm on (its own layout if it has one, else in every hidden layer, replacing any LayerNorm) or off. */
export function withBatchNorm(base: ExperimentConfig, on: boolean): ExperimentConfig {
  const c = clone(base);
  if (!on) c.model.layers = withoutLayers(c.model.layers, 'batchNorm');
  // A LayerNorm layer gets BatchNorm in its place: a layer takes one or the other.
  else if (!hasLayer(c.model.layers, 'batchNorm')) c.model.layers = withNormalization(c.model.layers, 'batchNorm');
  return c;
}

/** The base with one setting changed (a copy; the base is untouched). */
export function applyValue(base: ExperimentConfig, variation: Variation, index: number): ExperimentConfig {
  if (variation.setting === 'batchNorm') return withBatchNorm(base, variation.values[index]!);
  const c = clone(base);
  switch (variation.setting) {
    case 'batchSize':
      c.train.batchSize = variation.values[index]!;
      break;
    case 'learningRate':
      c.train.learningRate = variation.values[index]!;
      break;
    case 'activation':
      c.model.layers = withActivation(c.model.layers, variation.values[index]!);
      break;
    case 'optimizer':
      c.train.optimizer = variation.values[index]!;
      break;
    case 'dropout':
      c.model.layers = withDropout(c.model.layers, variation.values[index]!);
      break;
  }
  return c;
}

/**
 * The first value whose experiment the schema refuses, with the schema's message; null when every
 * value makes a valid experiment. The form and a shared link check a comparison through this.
 */
export function invalidValue(base: ExperimentConfig, variation: Variation, trainImages: number): { index: number; reason: string } | null {
  for (let index = 0; index < variation.values.length; index++) {
    const parsed = parseExperiment(applyValue(base, variation, index), trainImages);
    if (!parsed.ok) return { index, reason: Object.values(parsed.errors)[0] ?? '' };
  }
  return null;
}

/** The runs a comparison trains, in order. */
export function expandComparison(setup: ComparisonSetup): RunPlan {
  const configs = setup.variation.values.map((_, i) => applyValue(setup.base, setup.variation, i));
  const units = configs.map((c) =>
    setup.alsoWithoutBn && setup.variation.setting !== 'batchNorm' ? [withBatchNorm(c, true), withBatchNorm(c, false)] : [c],
  );
  return setup.schedule === 'together' ? [units.flat()] : units;
}
