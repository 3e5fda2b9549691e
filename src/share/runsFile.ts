import { z } from 'zod';
import { describeError } from '../data/dataError';
import { parseExperiment } from '../engine/schema';
import { isActiveStatus, type RunRecord, type RunStatus } from '../runs/runRecord';
import { count, firstIssue, RUN_LIMITS, runRecordSchema } from '../runs/runSchema';
import { appendSteps, emptySeries, type StepSeries } from '../runs/stepSeries';

/**
 * Runs saved to and read from a JSON file, so a class can hand results around without a server.
 *
 * The document: `{ format: 'batchnorm-playground-runs', version: 1, exportedAt: ISO string,
 * runs: FileRun[] }`. A run carries its record minus the smoothed curves (recomputed on import
 * through `appendSteps`, the store's one code path) with the per-step series as plain arrays
 * `steps: { loss: (number | null)[], accuracy: (number | null)[] }`. Metrics that are not finite
 * (NaN or ±Infinity: JSON has neither) are written as `null` and read back as NaN.
 */
export const RUNS_FILE_FORMAT = 'batchnorm-playground-runs';
/** 2: the model is a layer list; files of version 1 (the model before layer lists) are migrated on import. */
export const RUNS_FILE_VERSION = 2;

/**
 * What an import accepts, so a wrong or hostile file cannot exhaust the tab: text over `maxChars`
 * is refused before parsing, a file over `maxRuns` right after. A 30-epoch run at batch 32 is
 * 56,250 steps, about 1.3 MB of text.
 */
export const RUNS_FILE_LIMITS = {
  /** Characters of JSON text. A file's UTF-8 bytes (`File.size`) are at least its characters, so callers may check that first. */
  maxChars: 50_000_000,
  maxRuns: 500,
  ...RUN_LIMITS,
} as const;

export interface ImportResult {
  /** Runs that passed validation, in file order; none is active (see `importRunsJson`). */
  runs: RunRecord[];
  /** One message per refused run, or a single one for a refused file; names the run and the field. */
  errors: string[];
}

// --- Export ----------------------------------------------------------------------------------

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

/**
 * A float32 as the shortest decimal (6 to 9 significant digits) that reads back to the same bits:
 * half the text of the value's double form (0.1 rather than 0.10000000149011612).
 */
function shortestFloat32(v: number): number {
  for (let digits = 6; digits < 9; digits++) {
    const n = Number(v.toPrecision(digits));
    if (Math.fround(n) === v) return n;
  }
  return Number(v.toPrecision(9));
}

/** A series' meaningful prefix as plain numbers, non-finite ones as null. */
const seriesValues = (a: Float32Array, length: number): (number | null)[] =>
  Array.from(a.subarray(0, length), (v) => (Number.isFinite(v) ? shortestFloat32(v) : null));

const lossAccuracy = (m: { loss: number; accuracy: number }) => ({ loss: finiteOrNull(m.loss), accuracy: finiteOrNull(m.accuracy) });

/** A run as the file holds it: the record without its smoothed curves, metrics that are not finite as null. */
function fileRun(r: RunRecord) {
  const { series, inputStats, ...rest } = r;
  return {
    ...rest,
    steps: { loss: seriesValues(series.loss, series.length), accuracy: seriesValues(series.accuracy, series.length) },
    epochs: r.epochs.map((e) => ({ epoch: e.epoch, step: e.step, elapsedMs: e.elapsedMs, ...lossAccuracy(e) })),
    test: r.test && lossAccuracy(r.test),
    ...(inputStats ? { inputStats } : {}),
  };
}

/** The runs as a versioned JSON document (compact: a long run has tens of thousands of steps). */
export function exportRunsJson(runs: RunRecord[], exportedAt: Date = new Date()): string {
  return JSON.stringify({
    format: RUNS_FILE_FORMAT,
    version: RUNS_FILE_VERSION,
    exportedAt: exportedAt.toISOString(),
    runs: runs.map(fileRun),
  });
}

// --- Import ----------------------------------------------------------------------------------

/** A metric: a number, or null for one that was not finite (read back as NaN). */
const metric = z
  .number()
  .nullable()
  .transform((v) => v ?? Number.NaN);
const accuracyMetric = z
  .number()
  .min(0)
  .max(1)
  .nullable()
  .transform((v) => v ?? Number.NaN);

/**
 * A run as the file holds it: the base run schema (see `runRecordSchema`) with nulls for metrics
 * that were not finite; `config` and `steps` are checked separately (by `parseExperiment` and a loop).
 */
const fileRunSchema = runRecordSchema({ loss: metric, accuracy: accuracyMetric }).extend({
  // Optional: it orders a queue, and a file holds no queued runs.
  queueSlot: count.default(0),
  config: z.unknown(),
  steps: z.object({ loss: z.array(z.unknown()), accuracy: z.array(z.unknown()) }),
});
type FileRun = z.infer<typeof fileRunSchema>;

/** A run refused at `field` (a dotted path in the run, e.g. `config.train.batchSize`). */
class RunFieldError {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {}
}

/** One series from the file into float32, checking each value (one pass: a series can be long). */
function readSeries(values: unknown[], field: string, isAccuracy: boolean): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null) out[i] = Number.NaN;
    else if (typeof v === 'number' && Number.isFinite(v) && (!isAccuracy || (v >= 0 && v <= 1))) out[i] = v;
    else throw new RunFieldError(`${field}.${i}`, isAccuracy ? 'must be a number from 0 to 1, or null' : 'must be a number or null');
  }
  return out;
}

function readStepSeries(run: FileRun): StepSeries {
  const { loss, accuracy } = run.steps;
  if (loss.length > run.totalSteps) throw new RunFieldError('steps.loss', `${loss.length} steps, more than the run's ${run.totalSteps}`);
  if (accuracy.length !== loss.length) {
    throw new RunFieldError('steps.accuracy', `${accuracy.length} steps, but steps.loss has ${loss.length}`);
  }
  const series = emptySeries(loss.length);
  if (loss.length === 0) return series;
  return appendSteps(series, 1, readSeries(loss, 'steps.loss', false), readSeries(accuracy, 'steps.accuracy', true));
}

/** References between fields: every step within the run, epochs in order and within the config. */
function checkConsistency(run: FileRun, epochs: number): void {
  const within = (list: { step: number }[], field: string) => {
    const i = list.findIndex((m) => m.step > run.totalSteps);
    if (i >= 0) throw new RunFieldError(`${field}.${i}.step`, `step ${list[i]!.step} is past the run's ${run.totalSteps} steps`);
  };
  within(run.timeMarks, 'timeMarks');
  within(run.epochs, 'epochs');
  within(run.learningRateMarks, 'learningRateMarks');
  run.epochs.forEach((e, i) => {
    if (e.epoch > epochs) throw new RunFieldError(`epochs.${i}.epoch`, `epoch ${e.epoch} is past the ${epochs} epochs of config.train.epochs`);
    const prev = run.epochs[i - 1];
    if (prev && (e.epoch <= prev.epoch || e.step < prev.step)) throw new RunFieldError(`epochs.${i}`, 'out of order (epochs and their steps must increase)');
  });
  if (run.progress && run.progress.step > run.totalSteps)
    throw new RunFieldError('progress.step', `step ${run.progress.step} is past the run's ${run.totalSteps} steps`);
}

/** A file cannot hold a live run: one saved while training (or waiting to) was cut off there. */
const settledStatus = (s: RunStatus): RunStatus => (s === 'queued' || isActiveStatus(s) ? 'interrupted' : s);

function readRun(candidate: unknown, trainImages: number): RunRecord {
  const parsed = fileRunSchema.safeParse(candidate);
  if (!parsed.success) {
    const { field, message } = firstIssue(parsed.error, '(run)');
    throw new RunFieldError(field, message);
  }
  const { steps: _steps, inputStats, ...run } = parsed.data;
  const config = parseExperiment(run.config, trainImages);
  if (!config.ok) {
    const [field, reason] = Object.entries(config.errors)[0] ?? ['', 'is not valid'];
    throw new RunFieldError(field ? `config.${field}` : 'config', reason);
  }
  const series = readStepSeries(parsed.data);
  checkConsistency(parsed.data, config.config.train.epochs);
  const status = settledStatus(run.status);
  const message = status !== run.status && run.message === null ? `Was ${run.status} when the file was saved; the steps it had reached are kept.` : run.message;
  return { ...run, config: config.config, status, series, message, ...(inputStats ? { inputStats } : {}) };
}

/** "Run 3 (“Adam, BN”)" from whatever the file holds; names are cut short and never interpreted. */
function runLabel(candidate: unknown, index: number): string {
  const name = typeof candidate === 'object' && candidate !== null ? (candidate as { name?: unknown }).name : undefined;
  if (typeof name !== 'string' || name.trim() === '') return `Run ${index + 1}`;
  const short = name.length > 60 ? `${name.slice(0, 59)}…` : name;
  return `Run ${index + 1} (“${short}”)`;
}

const reject = (message: string): ImportResult => ({ runs: [], errors: [message] });

/** The file's envelope: our format, a version we read, a list of runs within the limits. */
function readEnvelope(text: string): unknown[] | string {
  if (text.length > RUNS_FILE_LIMITS.maxChars) {
    return `The file is too large to import (${(text.length / 1e6).toFixed(0)} MB; at most ${RUNS_FILE_LIMITS.maxChars / 1e6} MB).`;
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return 'The file is not JSON, so it is not a runs file saved by the playground.';
  }
  if (typeof doc !== 'object' || doc === null || (doc as { format?: unknown }).format !== RUNS_FILE_FORMAT) {
    return 'The file is JSON but not a runs file saved by the playground.';
  }
  const { version, runs } = doc as { version?: unknown; runs?: unknown };
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return 'The runs file has no valid format version.';
  }
  if (version > RUNS_FILE_VERSION) {
    return `The runs file was saved by a newer version of the playground (format ${version}; this one reads format ${RUNS_FILE_VERSION}). Reload the page to update.`;
  }
  if (!Array.isArray(runs)) return 'The runs file has no list of runs.';
  if (runs.length > RUNS_FILE_LIMITS.maxRuns) {
    return `The runs file holds ${runs.length} runs; at most ${RUNS_FILE_LIMITS.maxRuns} can be imported at once.`;
  }
  return runs;
}

/**
 * Reads a runs file. `trainImages`: how many training images the loaded data has (configs are
 * validated against it, as the form's are). A bad run is skipped with a message naming it and the
 * field; a file that is not JSON, not ours, newer, or over `RUNS_FILE_LIMITS` is refused whole.
 * Runs saved while queued or training come back `interrupted`. Never throws. Every string is
 * returned as data: callers render names as text, never as HTML. Ids are kept as they are, so
 * the caller decides what importing a run it already has means.
 */
export function importRunsJson(text: string, trainImages: number): ImportResult {
  try {
    const envelope = readEnvelope(text);
    if (typeof envelope === 'string') return reject(envelope);
    const runs: RunRecord[] = [];
    const errors: string[] = [];
    const seen = new Set<string>();
    envelope.forEach((candidate, index) => {
      try {
        const run = readRun(candidate, trainImages);
        if (seen.has(run.id)) throw new RunFieldError('id', `"${run.id}" repeats an earlier run's id`);
        seen.add(run.id);
        runs.push(run);
      } catch (e) {
        if (!(e instanceof RunFieldError)) throw e;
        errors.push(`${runLabel(candidate, index)} was not imported: ${e.field}: ${e.reason}`.replace(/\.?$/, '.'));
      }
    });
    return { runs, errors };
  } catch (e) {
    // Nothing above should throw; this keeps the promise of the doc comment if something does.
    return reject(`The runs file could not be read: ${describeError(e)}`);
  }
}
