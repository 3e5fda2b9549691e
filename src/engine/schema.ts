import { z } from 'zod';
import { INPUT_SCALES } from './inputScale';
import { ACTIVATIONS, BN_POSITIONS, DATASETS, OPTIMIZERS, type ExperimentConfig } from './config';

/**
 * The one schema every experiment passes through, whether it comes from the form, a URL or a
 * file: sizes, rates and counts with limits, so nothing unreasonable reaches the engine.
 */
export const LIMITS = {
  maxLayers: 8,
  maxUnits: 2048,
  maxEpochs: 500,
  maxBatchSize: 60_000,
  maxLearningRate: 10,
  maxSeed: 2 ** 32 - 1,
  maxImages: 60_000,
  maxInitScale: 100,
} as const;

const int = (label: string, min: number, max: number) =>
  z
    .number({ error: `${label} must be a number` })
    .refine(Number.isFinite, `${label} must be a number`)
    .refine(Number.isInteger, `${label} must be a whole number`)
    .min(min, `${label} must be at least ${min.toLocaleString('en-US')}`)
    .max(max, `${label} must be at most ${max.toLocaleString('en-US')}`);

export const hiddenLayerSchema = z.object({
  units: int('Units', 1, LIMITS.maxUnits),
  batchNorm: z.boolean(),
  bnPosition: z.enum(BN_POSITIONS),
  layerNorm: z.boolean().optional(),
}).refine((l) => !(l.batchNorm && l.layerNorm), { message: 'A layer takes BatchNorm or LayerNorm, not both', path: ['layerNorm'] });

/** The factor on the initial Dense kernels (1: Keras' glorot-uniform as is). */
export const initScaleSchema = z
  .number({ error: 'Weight init scale must be a number' })
  .refine(Number.isFinite, 'Weight init scale must be a number')
  .gt(0, 'Weight init scale must be greater than 0')
  .max(LIMITS.maxInitScale, `Weight init scale must be at most ${LIMITS.maxInitScale}`);

/** BatchNorm's momentum, Keras' meaning (the share the moving statistics keep): 0 ≤ m < 1. */
export const bnMomentumSchema = z
  .number({ error: 'BN momentum must be a number' })
  .refine(Number.isFinite, 'BN momentum must be a number')
  .min(0, 'BN momentum must be at least 0')
  .lt(1, 'BN momentum must be less than 1 (at 1 the moving statistics never learn)');

/** BatchNorm's epsilon: positive, or a unit with no variance divides by zero. */
export const bnEpsilonSchema = z
  .number({ error: 'BN epsilon must be a number' })
  .refine(Number.isFinite, 'BN epsilon must be a number')
  .min(1e-8, 'BN epsilon must be at least 1e-8')
  .max(1, 'BN epsilon must be at most 1');

export const experimentSchema = z.object({
  model: z.object({
    inputBatchNorm: z.boolean(),
    activation: z.enum(ACTIVATIONS),
    hidden: z.array(hiddenLayerSchema).max(LIMITS.maxLayers, `At most ${LIMITS.maxLayers} hidden layers`),
    initScale: initScaleSchema.optional(),
    bnMomentum: bnMomentumSchema.optional(),
    bnEpsilon: bnEpsilonSchema.optional(),
  }),
  train: z.object({
    batchSize: int('Batch size', 1, LIMITS.maxBatchSize),
    learningRate: z
      .number({ error: 'Learning rate must be a number' })
      .refine(Number.isFinite, 'Learning rate must be a number')
      .gt(0, 'Learning rate must be greater than 0')
      .max(LIMITS.maxLearningRate, `Learning rate must be at most ${LIMITS.maxLearningRate}`),
    epochs: int('Epochs', 1, LIMITS.maxEpochs),
    optimizer: z.enum(OPTIMIZERS),
    seed: int('Random seed', 0, LIMITS.maxSeed),
    validation: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('test') }),
      z.object({ kind: z.literal('holdout'), size: int('Validation images', 1, LIMITS.maxImages - 1) }),
    ]),
    trainLimit: int('Training images', 1, LIMITS.maxImages).nullable(),
    trainScale: z.enum(INPUT_SCALES).optional(),
    evalScale: z.enum(INPUT_SCALES).optional(),
  }),
  /** Optional: absent means MNIST (see `ExperimentConfig.dataset`). */
  dataset: z.enum(DATASETS, { error: `Dataset must be one of ${DATASETS.join(', ')}` }).optional(),
});

/** A field's path in the config, dot-separated (e.g. `train.batchSize`, `model.hidden.0.units`). */
export type FieldErrors = Record<string, string>;

export type ParseResult = { ok: true; config: ExperimentConfig } | { ok: false; errors: FieldErrors };

/**
 * Validates a candidate experiment against the schema and against the data it will train on
 * (`trainImages`: how many training images exist). Errors name the field; nothing is clamped.
 */
export function parseExperiment(candidate: unknown, trainImages: number): ParseResult {
  const parsed = experimentSchema.safeParse(candidate);
  const errors: FieldErrors = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path.join('.');
      errors[key] ??= issue.message;
    }
    return { ok: false, errors };
  }
  const config = parsed.data;
  const holdout = config.train.validation.kind === 'holdout' ? config.train.validation.size : 0;
  if (holdout >= trainImages) {
    errors['train.validation.size'] = `Validation images must be fewer than the ${trainImages.toLocaleString('en-US')} training images`;
  }
  const available = Math.max(0, trainImages - holdout);
  const used = Math.min(available, config.train.trainLimit ?? available);
  if (config.train.trainLimit !== null && config.train.trainLimit > available) {
    errors['train.trainLimit'] = `Training images must be at most ${available.toLocaleString('en-US')} (the rest are for validation)`;
  } else if (config.train.batchSize > used) {
    errors['train.batchSize'] = `Batch size must be at most the ${used.toLocaleString('en-US')} training images`;
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, config };
}
