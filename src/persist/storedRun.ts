import { z } from 'zod';
import { experimentSchema } from '../engine/schema';
import { failure, success, type Result } from '../result';
import type { RunRecord } from '../runs/runRecord';
import { count, firstIssue, runRecordSchema } from '../runs/runSchema';
import { appendSteps, emptySeries } from '../runs/stepSeries';

/**
 * Version of the stored record shape, kept in each record's `version` field. Bump it when the
 * shape changes and teach `fromStoredRun` to migrate the older versions it finds.
 */
export const STORED_RUN_VERSION = 2;

/**
 * Versions `fromStoredRun` reads: 1 held the model before layer lists, which the experiment
 * schema migrates (see `migrateModel`); the rest of the record is unchanged.
 */
const READABLE_VERSIONS: readonly number[] = [1, 2];

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

/** Losses may be NaN or Infinity in a diverged run, kept as they are; zod's number() refuses both. */
const metric = z.custom<number>((v) => typeof v === 'number', 'expected a number');
const floats = z.instanceof(Float32Array);

/** The base run schema (see `runRecordSchema`) with the config checked in full and the series as typed arrays. */
const storedRunSchema = runRecordSchema({ loss: metric, accuracy: metric }).extend({
  config: experimentSchema,
  series: z
    .object({ length: count, loss: floats, accuracy: floats })
    .refine((s) => s.loss.length === s.length && s.accuracy.length === s.length, 'series arrays do not match its length'),
});

/**
 * Checks a value read from IndexedDB and rebuilds the RunRecord, smoothed curves included. A value
 * of another version or shape gives a reason instead (for a count of skipped runs, never a throw).
 */
export function fromStoredRun(value: unknown): Result<RunRecord> {
  const version = typeof value === 'object' && value !== null && 'version' in value ? value.version : undefined;
  if (typeof version === 'number' && version > STORED_RUN_VERSION) {
    return failure(`saved by a newer version of this page (record version ${version})`);
  }
  if (typeof version !== 'number' || !READABLE_VERSIONS.includes(version)) return failure(`unknown record version ${String(version)}`);
  const parsed = storedRunSchema.safeParse(value);
  if (!parsed.success) {
    const { field, message } = firstIssue(parsed.error);
    return failure(`${field}: ${message}`);
  }
  const { series, ...rest } = parsed.data;
  return success({ ...rest, series: appendSteps(emptySeries(series.length), 1, series.loss, series.accuracy) });
}
