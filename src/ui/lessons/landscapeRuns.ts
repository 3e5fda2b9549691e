import type { Probe } from '../../engine/probe';
import { bnPartner, hasBatchNorm } from '../../runs/bnPartner';
import { landscapesOf, type SmoothnessMeasure } from '../../runs/lessons/smoothness';
import { runColor, runDash } from '../../runs/runPalette';
import type { RunRecord } from '../../runs/runRecord';
import type { ChartLine } from '../chartLine';

/**
 * The pair chapter 7 plots: the newest of `among` with BatchNorm whose probes measured the
 * landscape, and its twin without BatchNorm (see `bnPartner`); null until both exist.
 */
export function landscapePair(runs: readonly RunRecord[], among: ReadonlySet<string>, probes: Readonly<Record<string, readonly Probe[]>>) {
  const candidates = runs.filter((r) => among.has(r.id) && r.landscape);
  const bn = candidates.filter((r) => hasBatchNorm(r.config)).at(-1);
  if (!bn) return null;
  const plain = bnPartner(bn, runs, (r) => among.has(r.id) && r.landscape === true);
  if (!plain) return null;
  return { bn, plain, bnProbes: probes[bn.id] ?? [], plainProbes: probes[plain.id] ?? [] };
}

/** One run's measure over training, as a chart line (x: the step), named by what it shows: "with BatchNorm" or "without BatchNorm". */
export function landscapeLine(run: RunRecord, probes: readonly Probe[], measure: SmoothnessMeasure): ChartLine {
  return {
    id: run.id,
    name: hasBatchNorm(run.config) ? 'with BatchNorm' : 'without BatchNorm',
    color: runColor(run.colorIndex),
    dash: runDash(run.colorIndex),
    points: landscapesOf(probes).map(({ step, landscape }) => ({ x: step, raw: landscape[measure], smooth: landscape[measure] })),
    validation: [],
    diverged: false,
  };
}
