import { z } from 'zod';
import { experimentSchema } from '../engine/schema';
import { inputStatsSchema } from '../runs/inputStatsSchema';
import { ACTIVE_STATUSES, FINISHED_STATUSES, type RunRecord, type RunStatus } from '../runs/runRecord';
import { appendSteps, emptySeries } from '../runs/stepSeries';

/**
 * Version of the stored record shape, kept in each record's `version` field. Bump it when the
 * shape changes and teach `fromStoredRun` to migrate the older versions it finds.
 */
export const STORED_RUN_VERSION = 1;

/**
 * A RunRecord as IndexedDB keeps it: the series trimmed to its `length` and without the smoothed
 * curves, which `fromStoredRun` recomputes through `appendSteps` (one code path for smoothing).
 */
export interface StoredRun extends Omit<RunRecord, 'series'> {
  version: typeof STORED_RUN_VERSION;
  series: { length: number; loss: Float32Array; accuracy: Float32Array };
}

/** Compact copy of `record`; the typed arrays are sliced now, so later in-place appends do not reach it. */
export function toStoredRun(record: RunRecord): StoredRun {
  const { series, ...rest } = record;
  return {
    ...rest,
    version: STORED_RUN_VERSION,
    series: {
      length: series.length,
      loss: series.loss.slice(0, series.length),
      accuracy: series.accuracy.slice(0, series.length),
    },
  };
}

export type ReadResult = { ok: true; run: RunRecord } | { ok: false; reason: string };

const STATUSES: readonly RunStatus[] = ['queued', ...ACTIVE_STATUSES, ...FINISHED_STATUSES];
const status = z.custom<RunStatus>((v) => STATUSES.some((s) => s === v), 'unknown status');
/** Losses may be NaN or Infinity in a diverged run; zod's number() refuses both. */
const metric = z.custom<number>((v) => typeof v === 'number', 'expected a number');
const floats = z.instanceof(Float32Array);
const count = z.number().int().nonnegative();

const storedRunSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  colorIndex: count,
  visible: z.boolean(),
  groupId: z.string().nullable(),
  queueSlot: z.number(),
  config: experimentSchema,
  status,
  createdAt: z.number(),
  totalSteps: count,
  stepsPerEpoch: count,
  trainCount: count,
  series: z
    .object({ length: count, loss: floats, accuracy: floats })
    .refine((s) => s.loss.length === s.length && s.accuracy.length === s.length, 'series arrays do not match its length'),
  timeMarks: z.array(z.object({ step: count, elapsedMs: z.number() })),
  epochs: z.array(z.object({ epoch: count, step: count, elapsedMs: z.number(), loss: metric, accuracy: metric })),
  learningRateMarks: z.array(z.object({ step: count, learningRate: z.number() })),
  progress: z
    .object({ step: count, totalSteps: count, epoch: count, samplesSeen: count, elapsedMs: z.number() })
    .nullable(),
  test: z.object({ loss: metric, accuracy: metric }).nullable(),
  message: z.string().nullable(),
  backend: z.string().nullable(),
  // Optional: records from before the scaling warning have none.
  inputStats: inputStatsSchema.nullable().optional(),
});

/**
 * Checks a value read from IndexedDB and rebuilds the RunRecord, smoothed curves included. A value
 * of another version or shape gives a reason instead (for a count of skipped runs, never a throw).
 */
export function fromStoredRun(value: unknown): ReadResult {
  const version = typeof value === 'object' && value !== null && 'version' in value ? value.version : undefined;
  if (typeof version === 'number' && version > STORED_RUN_VERSION) {
    return { ok: false, reason: `saved by a newer version of this page (record version ${version})` };
  }
  if (version !== STORED_RUN_VERSION) return { ok: false, reason: `unknown record version ${String(version)}` };
  const parsed = storedRunSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: issue ? `${issue.path.join('.') || 'record'}: ${issue.message}` : 'invalid record' };
  }
  const { series, ...rest } = parsed.data;
  return {
    ok: true,
    run: { ...rest, series: appendSteps(emptySeries(series.length), 1, series.loss, series.accuracy) },
  };
}
