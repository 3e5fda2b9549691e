import type { LossAccuracy } from '../engine/metrics';
import type { RunRecord } from './runRecord';

/** What one run reached, for the results table. Accuracies are fractions in [0, 1]; null where the run has none. */
export interface RunSummary {
  testLoss: number | null;
  testAccuracy: number | null;
  /** Highest validation accuracy over the epochs (NaN points left out). */
  bestValAccuracy: number | null;
  /** 1-based: the first epoch that reached `bestValAccuracy`. */
  bestEpoch: number | null;
  /** Validation metrics at the last epoch reached. */
  finalValAccuracy: number | null;
  finalValLoss: number | null;
  epochsDone: number;
  /** Training time, pauses left out; 0 before the first steps arrive. */
  elapsedMs: number;
  /** Training samples per second of training time; null before any time has passed. */
  samplesPerSecond: number | null;
}

/** Summarizes a run's test result, validation history and speed. Pure. */
export function runSummary(run: RunRecord): RunSummary {
  let best: { accuracy: number; epoch: number } | null = null;
  for (const e of run.epochs) {
    if (Number.isFinite(e.accuracy) && (best === null || e.accuracy > best.accuracy)) best = { accuracy: e.accuracy, epoch: e.epoch };
  }
  const last = run.epochs.at(-1);
  const p = run.progress;
  return {
    testLoss: run.test?.loss ?? null,
    testAccuracy: run.test?.accuracy ?? null,
    bestValAccuracy: best?.accuracy ?? null,
    bestEpoch: best?.epoch ?? null,
    finalValAccuracy: last?.accuracy ?? null,
    finalValLoss: last?.loss ?? null,
    epochsDone: run.epochs.length,
    elapsedMs: p?.elapsedMs ?? 0,
    samplesPerSecond: p && p.elapsedMs > 0 ? (p.samplesSeen / p.elapsedMs) * 1000 : null,
  };
}

/** One epoch of a comparison: `values[i]` is run i's validation loss and accuracy, null if it has not reached the epoch. */
export interface EpochComparisonRow {
  epoch: number;
  values: (LossAccuracy | null)[];
}

/** Validation metrics of several runs side by side, one row per epoch from 1 to the most any run reached. Pure. */
export function epochComparison(runs: readonly RunRecord[]): EpochComparisonRow[] {
  const maxEpoch = Math.max(0, ...runs.flatMap((r) => r.epochs.map((e) => e.epoch)));
  const byEpoch = runs.map((r) => new Map(r.epochs.map((e) => [e.epoch, e])));
  const rows: EpochComparisonRow[] = [];
  for (let epoch = 1; epoch <= maxEpoch; epoch++) {
    rows.push({
      epoch,
      values: byEpoch.map((m) => {
        const e = m.get(epoch);
        return e ? { loss: e.loss, accuracy: e.accuracy } : null;
      }),
    });
  }
  return rows;
}

/** The runs of one comparison (those sharing a group id), in the order of `runs`. */
export interface ComparisonGroup {
  id: string;
  runs: RunRecord[];
}

/**
 * The comparison groups among `runs` (queued runs left out), ordered by their newest run, so the
 * last is the group of the newest run that has one. Pure.
 */
export function comparisonGroups(runs: readonly RunRecord[]): ComparisonGroup[] {
  const groups = new Map<string, RunRecord[]>();
  for (const r of runs) {
    if (r.groupId === null || r.status === 'queued') continue;
    const members = groups.get(r.groupId) ?? [];
    // Deleting and setting again moves the group to the end of the map's order.
    groups.delete(r.groupId);
    groups.set(r.groupId, [...members, r]);
  }
  return [...groups].map(([id, members]) => ({ id, runs: members }));
}
