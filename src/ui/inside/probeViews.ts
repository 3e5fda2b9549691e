import type { ExperimentConfig } from '../../engine/config';
import type { Probe } from '../../engine/probe';

/**
 * What the "Inside BatchNorm" charts draw, from a run's probes: plain arrays of points, one per
 * probe, for the chosen hidden layer (0-based) and unit (0-based). No React.
 */

/** The chosen unit's 15th–85th percentile band and median, and the whole layer's, at one probe. */
export interface DistributionPoint {
  step: number;
  unitBand: [number, number];
  unitMedian: number;
  layerLow: number;
  layerMedian: number;
  layerHigh: number;
}

export function distributionPoints(probes: readonly Probe[], layer: number, unit: number): DistributionPoint[] {
  return probes.flatMap((p) => {
    const l = p.layers[layer];
    if (!l || unit >= l.units) return [];
    const [lo, mid, hi] = [0, 1, 2].map((i) => l.unitPercentiles[unit * 3 + i]!);
    return [{ step: p.step, unitBand: [lo!, hi!], unitMedian: mid!, layerLow: l.layerPercentiles[0], layerMedian: l.layerPercentiles[1], layerHigh: l.layerPercentiles[2] }];
  });
}

/** The lowest and highest value the distribution charts of these runs reach (finite ones), with a margin; null if none. */
export function distributionDomain(series: readonly DistributionPoint[][]): [number, number] | null {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const points of series) {
    for (const p of points) {
      for (const v of [p.unitBand[0], p.unitBand[1], p.layerLow, p.layerHigh]) {
        if (!Number.isFinite(v)) continue;
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
  }
  if (lo > hi) return null;
  const pad = Math.max((hi - lo) * 0.05, 0.05);
  return [Number((lo - pad).toPrecision(2)), Number((hi + pad).toPrecision(2))];
}

/** BatchNorm's batch statistics of the chosen unit against its moving ones, at one probe. */
export interface StatsPoint {
  step: number;
  batchMean: number;
  movingMean: number;
  batchVariance: number;
  movingVariance: number;
}

/** Empty when the layer has no BatchNorm. */
export function statsPoints(probes: readonly Probe[], layer: number, unit: number): StatsPoint[] {
  return probes.flatMap((p) => {
    const bn = p.layers[layer]?.bn;
    if (!bn || unit >= bn.batchMean.length) return [];
    return [
      { step: p.step, batchMean: bn.batchMean[unit]!, movingMean: bn.movingMean[unit]!, batchVariance: bn.batchVariance[unit]!, movingVariance: bn.movingVariance[unit]! },
    ];
  });
}

/** Gamma and beta of every unit of the layer at one probe (`unit` 1-based, for the axis). */
export function gammaBetaBars(probe: Probe | undefined, layer: number): { unit: number; gamma: number; beta: number }[] {
  const bn = probe?.layers[layer]?.bn;
  if (!bn) return [];
  return Array.from(bn.gamma, (gamma, u) => ({ unit: u + 1, gamma, beta: bn.beta[u]! }));
}

/** Accuracy on the probe batch in training and inference mode, and the gap (inference − training). */
export interface ModePoint {
  step: number;
  train: number;
  infer: number;
  gap: number;
}

export function modePoints(probes: readonly Probe[]): ModePoint[] {
  return probes.map((p) => ({ step: p.step, train: p.train.accuracy, infer: p.infer.accuracy, gap: p.infer.accuracy - p.train.accuracy }));
}

/** One Dense layer's gradient norms, and whether BatchNorm comes right after it (its bias is then redundant). */
export interface GradientRow {
  name: string;
  bnNext: boolean;
  kernel: number;
  bias: number;
}

export function gradientRows(probe: Probe | undefined, config: ExperimentConfig): GradientRow[] {
  if (!probe) return [];
  const hidden = config.model.hidden;
  return probe.gradNorms.map((g, i) => {
    const h = hidden[i];
    return {
      name: h ? `Hidden layer ${i + 1} (${h.units} units)` : 'Output layer (10 units)',
      bnNext: h !== undefined && h.batchNorm && h.bnPosition === 'before',
      kernel: g.kernel,
      bias: g.bias,
    };
  });
}

/** Probes' share of a run's training time, from the probes' own timings and the time trained so far; null before any. */
export function probeTimeShare(probes: readonly Probe[], trainedMs: number): number | null {
  if (probes.length === 0 || !(trainedMs > 0)) return null;
  return Math.min(1, probes.reduce((t, p) => t + p.ms, 0) / trainedMs);
}
