import type { LandscapeProbe } from '../../engine/landscape';
import type { Probe } from '../../engine/probe';

/**
 * What chapter 7's plot says in words: the median of each landscape measure over a run's
 * measurements, for the run with BatchNorm and its twin without. The caption's claim ("the run
 * with BatchNorm has the smaller loss range") is read from these numbers, never assumed, and a
 * test checks it on the chapter's experiment with real MNIST.
 */

/** The three measures of Santurkar et al.'s Figure 4, as a landscape names them. */
export const SMOOTHNESS_MEASURES = ['lossRange', 'maxGradChange', 'beta'] as const;
export type SmoothnessMeasure = (typeof SMOOTHNESS_MEASURES)[number];

/** Each measure's chart title, its name in a sentence, and its y-axis label (short: the axis has little room). */
export const MEASURE_LABELS: Record<SmoothnessMeasure, { title: string; short: string; axis: string }> = {
  lossRange: { title: 'Loss landscape', short: 'loss range', axis: 'Loss range' },
  maxGradChange: { title: 'Gradient predictiveness', short: 'gradient change', axis: '‖Δg‖' },
  beta: { title: 'Effective β-smoothness', short: 'β-smoothness', axis: 'β' },
};

/** A run's landscapes in step order, with the step each was measured at. */
export const landscapesOf = (probes: readonly Probe[]): { step: number; landscape: LandscapeProbe }[] =>
  probes.flatMap((p) => (p.landscape ? [{ step: p.step, landscape: p.landscape }] : []));

/** The median of the finite values (a diverged run's NaN leaves out); NaN when none is. */
export function median(values: readonly number[]): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface SmoothnessSummary {
  /** Landscapes measured in each run. */
  counts: { bn: number; plain: number };
  /** Per measure, the median over each run's landscapes. */
  medians: Record<SmoothnessMeasure, { bn: number; plain: number }>;
  /** Whether the run with BatchNorm has the smaller median loss range: what the caption says the student should see. */
  bnSmoother: boolean;
}

/** Medians for the run with BatchNorm (`bn`) and its twin without (`plain`); null until both have a measurement. */
export function summariseSmoothness(bn: readonly Probe[], plain: readonly Probe[]): SmoothnessSummary | null {
  const [a, b] = [landscapesOf(bn), landscapesOf(plain)];
  if (a.length === 0 || b.length === 0) return null;
  const medians = Object.fromEntries(
    SMOOTHNESS_MEASURES.map((m) => [m, { bn: median(a.map((x) => x.landscape[m])), plain: median(b.map((x) => x.landscape[m])) }]),
  ) as Record<SmoothnessMeasure, { bn: number; plain: number }>;
  return { counts: { bn: a.length, plain: b.length }, medians, bnSmoother: medians.lossRange.bn < medians.lossRange.plain };
}
