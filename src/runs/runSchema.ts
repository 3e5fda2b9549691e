import { z } from 'zod';
import { LIMITS } from '../engine/schema';
import { inputStatsSchema } from './inputStatsSchema';
import { RUN_STATUSES } from './runRecord';

/** Bounds on one run record, wherever it is read from, so a wrong or hostile one cannot exhaust the tab. */
export const RUN_LIMITS = {
  /** Steps of one run: every epoch allowed at batch size 1 on every image. */
  maxSteps: LIMITS.maxEpochs * LIMITS.maxImages,
  maxIdLength: 100,
  maxNameLength: 500,
  maxMessageLength: 5_000,
  maxBackendLength: 200,
  /** Time or learning-rate marks of one run: at most one per step. */
  maxMarks: LIMITS.maxEpochs * LIMITS.maxImages,
} as const;

export const count = z.int().min(0);
const ms = z.number().min(0);
const text = (max: number) => z.string().max(max, `must be at most ${max} characters`);
/**
 * Text the app wrote that may run long (an error's message can hold a whole shader's source): cut
 * to `max` characters rather than refused, so a run that failed that way still loads.
 */
const cutText = (max: number) => z.string().transform((t) => (t.length > max ? `${t.slice(0, max - 1)}…` : t));
const id = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]+$/, 'must be letters, digits and _ . : -')
  .max(RUN_LIMITS.maxIdLength, `must be at most ${RUN_LIMITS.maxIdLength} characters`);

/** How a place keeps a loss and an accuracy (of an epoch, of the test set); both read as numbers, NaN where not finite. */
export interface MetricSchemas<L extends z.ZodType<number>, A extends z.ZodType<number>> {
  loss: L;
  accuracy: A;
}

/**
 * The fields of a run record that every place that keeps runs (the browser's storage, a runs
 * file) checks alike: all of `RunRecord` but the config and the per-step series, which each place
 * keeps in its own form and adds with `.extend()`, as it adds its own metric form here.
 */
export function runRecordSchema<L extends z.ZodType<number>, A extends z.ZodType<number>>(metrics: MetricSchemas<L, A>) {
  const lossAccuracy = z.object({ loss: metrics.loss, accuracy: metrics.accuracy });
  return z.object({
    id,
    name: text(RUN_LIMITS.maxNameLength),
    colorIndex: count.max(10_000),
    visible: z.boolean(),
    groupId: id.nullable(),
    queueSlot: count,
    status: z.enum(RUN_STATUSES, { error: 'unknown status' }),
    createdAt: ms,
    totalSteps: count.max(RUN_LIMITS.maxSteps),
    stepsPerEpoch: count.max(LIMITS.maxImages),
    trainCount: count.max(LIMITS.maxImages),
    timeMarks: z.array(z.object({ step: count, elapsedMs: ms })).max(RUN_LIMITS.maxMarks),
    epochs: z.array(z.object({ epoch: count.min(1), step: count, elapsedMs: ms }).extend(lossAccuracy.shape)).max(LIMITS.maxEpochs),
    learningRateMarks: z.array(z.object({ step: count, learningRate: z.number().gt(0).max(LIMITS.maxLearningRate) })).max(RUN_LIMITS.maxMarks),
    progress: z.object({ step: count, totalSteps: count, epoch: count, samplesSeen: count, elapsedMs: ms }).nullable(),
    test: lossAccuracy.nullable(),
    message: cutText(RUN_LIMITS.maxMessageLength).nullable(),
    backend: cutText(RUN_LIMITS.maxBackendLength).nullable(),
    // Optional: runs from before the scaling warning have none.
    inputStats: inputStatsSchema.nullable().optional(),
  });
}

/** The first problem a failed parse found, as `field.path: message` (`record` for the whole value). */
export function firstIssue(error: z.ZodError, whole = 'record'): { field: string; message: string } {
  const issue = error.issues[0];
  return { field: issue?.path.join('.') || whole, message: issue?.message ?? 'is not valid' };
}
