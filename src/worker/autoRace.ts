import type { ExperimentConfig } from '../engine/config';
import { summarize } from '../engine/summary';
import type { BackendName } from './protocol';

/**
 * Auto by measurement (issue 16): the candidate backends each train the run's own model at its
 * batch size for a moment, and the faster wins. This module is the decision, apart from tfjs:
 * the timings come from `raceBackends` (backendRace.ts) or, in tests, from fakes.
 */

/** One backend's result in a race: samples per second, or why it could not train. */
export type Lap = { name: BackendName; samplesPerS: number } | { name: BackendName; failure: string };

/** A race as run (or remembered): its laps in the order run, and when (ms since 1970). */
export interface RaceResult {
  laps: Lap[];
  measuredAt: number;
}

export interface AutoDecision {
  name: BackendName;
  /** The sentence the status line shows, e.g. "Auto chose WebAssembly: 6,900 samples/s against 1,600 on WebGL". */
  reason: string;
}

const TITLES: Record<BackendName, string> = { webgl: 'WebGL', webgpu: 'WebGPU', wasm: 'WebAssembly', cpu: 'plain JavaScript' };

const rate = (n: number) => Math.round(n).toLocaleString('en-US');

/**
 * Models whose backends compare alike: convolutions or not, the parameter count and the batch
 * size, each to the nearest power of two (e.g. "dense-p17-b5": ~131k parameters, batch 32). WebGL's
 * fixed cost per kernel weighs most on small models and batches, wasm's cost per sample on large ones.
 */
export function sizeClass(config: ExperimentConfig): string {
  const layers = config.model.layers;
  const conv = layers.some((l) => l.kind === 'conv2d');
  let params: number;
  try {
    params = summarize(config.model).total;
  } catch {
    // A layer list the summary cannot read (a kind this build lacks): its length stands in.
    params = layers.length;
  }
  const log2 = (n: number) => Math.round(Math.log2(Math.max(1, n)));
  return `${conv ? 'conv' : 'dense'}-p${log2(params)}-b${log2(config.train.batchSize)}`;
}

const isTimed = (lap: Lap): lap is Extract<Lap, { samplesPerS: number }> => 'samplesPerS' in lap && Number.isFinite(lap.samplesPerS) && lap.samplesPerS > 0;

/**
 * The faster backend of a race, and the sentence that says so with the measured figures. Ties go
 * to the backend raced first. `remembered`: the race was run on an earlier visit (said, with its
 * date). Null when no backend finished a lap (the caller keeps its first choice).
 */
export function decideAuto(race: RaceResult, remembered = false): AutoDecision | null {
  const timed = race.laps.filter(isTimed);
  if (timed.length === 0) return null;
  const best = timed.reduce((a, b) => (b.samplesPerS > a.samplesPerS ? b : a));
  const others = race.laps.filter((l) => l.name !== best.name);
  const against = others.map((l) => (isTimed(l) ? `${rate(l.samplesPerS)} on ${TITLES[l.name]}` : null)).filter((t) => t !== null);
  const failed = others.filter((l) => !isTimed(l)).map((l) => `${TITLES[l.name]} could not train here (${'failure' in l ? l.failure : 'no speed'})`);
  let reason = `Auto chose ${TITLES[best.name]}: ${rate(best.samplesPerS)} samples/s`;
  if (against.length > 0) reason += ` against ${against.join(' and ')}`;
  if (failed.length > 0) reason += `; ${failed.join('; ')}`;
  if (remembered) reason += `, measured on this device on ${new Date(race.measuredAt).toISOString().slice(0, 10)}`;
  return { name: best.name, reason };
}

/** Whether `value` (read back from storage) is a race result this build can use. */
export function isRaceResult(value: unknown): value is RaceResult {
  if (typeof value !== 'object' || value === null) return false;
  const { laps, measuredAt } = value as Partial<RaceResult>;
  if (typeof measuredAt !== 'number' || !Array.isArray(laps) || laps.length === 0) return false;
  return laps.every(
    (l: unknown) =>
      typeof l === 'object' &&
      l !== null &&
      typeof (l as Lap).name === 'string' &&
      (l as Lap).name in TITLES &&
      (typeof (l as { samplesPerS?: unknown }).samplesPerS === 'number' || typeof (l as { failure?: unknown }).failure === 'string'),
  );
}
