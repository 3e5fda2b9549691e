import { z } from 'zod';
import { INPUT_SCALES } from './inputScale';
import { DATASETS, OPTIMIZERS, type ExperimentConfig } from './config';
import { LAYER_DEFS, isBuiltKind } from './layers/registry';
import { inferShapes, layerLabel } from './layers/shapes';
import type { LayerSpec } from './layers/spec';
import { migrateModel } from './migrate';

/**
 * The one schema every experiment passes through, whether it comes from the form, a URL or a
 * file: sizes, rates and counts with limits, so nothing unreasonable reaches the engine.
 */
export const LIMITS = {
  /** Hidden layers (Dense layers before the output). */
  maxLayers: 8,
  /** Entries in a layer list. */
  maxListLength: 64,
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

/** The factor on the initial Dense kernels (1: Keras' glorot-uniform as is). */
export const initScaleSchema = z
  .number({ error: 'Weight init scale must be a number' })
  .refine(Number.isFinite, 'Weight init scale must be a number')
  .gt(0, 'Weight init scale must be greater than 0')
  .max(LIMITS.maxInitScale, `Weight init scale must be at most ${LIMITS.maxInitScale}`);

export { bnEpsilonSchema, bnMomentumSchema } from './layers/batchNorm';

/**
 * A layer list: each entry checked by its kind's own schema (messages keep the field's path, e.g.
 * `3.units`), then the shapes inferred from the image to the ten logits; an impossible list is
 * refused with a message naming the layer.
 */
export const layerListSchema = z
  .array(z.unknown(), { error: 'The layers must be a list' })
  .max(LIMITS.maxListLength, `At most ${LIMITS.maxListLength} layers`)
  .transform((list, ctx): LayerSpec[] => {
    const specs: LayerSpec[] = [];
    list.forEach((raw, i) => {
      const kind = typeof raw === 'object' && raw !== null && 'kind' in raw ? raw.kind : undefined;
      if (typeof kind !== 'string' || !isBuiltKind(kind)) {
        ctx.issues.push({ code: 'custom', input: raw, path: [i, 'kind'], message: `Layer ${i + 1}: there is no layer kind "${String(kind).slice(0, 40)}"` });
        return;
      }
      const parsed = LAYER_DEFS[kind as keyof typeof LAYER_DEFS].schema.safeParse(raw);
      if (parsed.success) specs.push(parsed.data);
      for (const issue of parsed.error?.issues ?? []) ctx.issues.push({ code: 'custom', input: raw, path: [i, ...issue.path], message: issue.message });
    });
    if (specs.length !== list.length) return z.NEVER;
    const shapes = inferShapes(specs);
    if (!shapes.ok) {
      ctx.issues.push({ code: 'custom', input: list, path: [shapes.index], message: shapes.message });
      return z.NEVER;
    }
    const hidden = specs.filter((l) => l.kind === 'dense').length - 1;
    if (hidden > LIMITS.maxLayers) {
      ctx.issues.push({ code: 'custom', input: list, path: [], message: `At most ${LIMITS.maxLayers} hidden layers` });
      return z.NEVER;
    }
    return specs;
  });

/** Names a layer in a message: see `layerLabel`. */
export { layerLabel };

export const experimentSchema = z.object({
  // Models from before layer lists are read as the list they meant.
  model: z.preprocess(
    migrateModel,
    z.object({
      layers: layerListSchema,
      initScale: initScaleSchema.optional(),
    }),
  ),
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

/** A field's path in the config, dot-separated (e.g. `train.batchSize`, `model.layers.1.units`). */
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
