import { ACTIVATIONS, OPTIMIZERS, type Activation, type ExperimentConfig, type OptimizerKind } from '../engine/config';

/** The settings a comparison may vary, one at a time, as the seeds do (BN or not; batch 16/64/256). */
export const VARIED_SETTINGS = ['batchNorm', 'batchSize', 'learningRate', 'activation', 'optimizer'] as const;
export type VariedSetting = (typeof VARIED_SETTINGS)[number];

export type Variation =
  | { setting: 'batchNorm'; values: boolean[] }
  | { setting: 'batchSize'; values: number[] }
  | { setting: 'learningRate'; values: number[] }
  | { setting: 'activation'; values: Activation[] }
  | { setting: 'optimizer'; values: OptimizerKind[] };

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

/** The base with BatchNorm on (its own layout if it has one, else before every activation) or off. */
export function withBatchNorm(base: ExperimentConfig, on: boolean): ExperimentConfig {
  const c = clone(base);
  const hasBn = c.model.inputBatchNorm || c.model.hidden.some((h) => h.batchNorm);
  if (!on) {
    c.model.inputBatchNorm = false;
    c.model.hidden = c.model.hidden.map((h) => ({ ...h, batchNorm: false }));
  } else if (!hasBn) {
    c.model.hidden = c.model.hidden.map((h) => ({ ...h, batchNorm: true }));
  }
  return c;
}

/** The base with one setting changed. */
export function applyValue(base: ExperimentConfig, variation: Variation, index: number): ExperimentConfig {
  switch (variation.setting) {
    case 'batchNorm':
      return withBatchNorm(base, variation.values[index]!);
    case 'batchSize':
      return { ...clone(base), train: { ...base.train, batchSize: variation.values[index]! } };
    case 'learningRate':
      return { ...clone(base), train: { ...base.train, learningRate: variation.values[index]! } };
    case 'activation':
      return { ...clone(base), model: { ...clone(base).model, activation: variation.values[index]! } };
    case 'optimizer':
      return { ...clone(base), train: { ...base.train, optimizer: variation.values[index]! } };
  }
}

/** The runs a comparison trains, in order. */
export function expandComparison(setup: ComparisonSetup): RunPlan {
  const configs = setup.variation.values.map((_, i) => applyValue(setup.base, setup.variation, i));
  const units = configs.map((c) =>
    setup.alsoWithoutBn && setup.variation.setting !== 'batchNorm' ? [withBatchNorm(c, true), withBatchNorm(c, false)] : [c],
  );
  return setup.schedule === 'together' ? [units.flat()] : units;
}

/** Option lists for the form and for parsers. */
export const VARIATION_CHOICES = { activation: ACTIVATIONS, optimizer: OPTIMIZERS } as const;
