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
    return [
      {
        step: p.step,
        unitBand: [lo!, hi!],
        unitMedian: mid!,
        layerLow: l.layerPercentiles[0],
        layerMedian: l.layerPercentiles[1],
        layerHigh: l.layerPercentiles[2],
      },
    ];
  });
}

/** An axis from below `lo` to above `hi` in 3 to 8 round steps (1, 2, 2.5 or 5 times a power of 10), and its ticks. */
export function niceAxis(lo: number, hi: number): { domain: [number, number]; ticks: number[] } {
  const span = hi > lo ? hi - lo : Math.max(Math.abs(hi), 1);
  const raw = span / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
  const from = Math.floor(lo / step) * step;
  const to = Math.max(Math.ceil(hi / step) * step, from + step);
  // Each tick from its index, not by adding steps: added up, 0.1s leave 0 as 5.6e-17.
  const first = Math.round(from / step);
  const ticks = Array.from({ length: Math.round(to / step) - first + 1 }, (_, i) => Number(((first + i) * step).toPrecision(12)));
  return { domain: [ticks[0]!, ticks.at(-1)!], ticks };
}

/** A round axis holding every finite value the distribution charts of these runs reach; null if none. */
export function distributionDomain(series: readonly DistributionPoint[][]): { domain: [number, number]; ticks: number[] } | null {
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
  return niceAxis(lo, hi);
}

/** BatchNorm's batch statistics of the chosen unit against its moving ones, at one probe. */
export interface StatsPoint {
  step: number;
  batchMean: number;
  movingMean: number;
  batchVariance: number;
  movingVariance: number;
  /** The same statistics of what inference mode feeds BatchNorm (dropout off). */
  inferMean: number;
  inferVariance: number;
}

/** Empty when the layer has no BatchNorm. */
export function statsPoints(probes: readonly Probe[], layer: number, unit: number): StatsPoint[] {
  return probes.flatMap((p) => {
    const bn = p.layers[layer]?.bn;
    if (!bn || unit >= bn.batchMean.length) return [];
    return [
      {
        step: p.step,
        batchMean: bn.batchMean[unit]!,
        movingMean: bn.movingMean[unit]!,
        batchVariance: bn.batchVariance[unit]!,
        movingVariance: bn.movingVariance[unit]!,
        inferMean: bn.inferMean[unit]!,
        inferVariance: bn.inferVariance[unit]!,
      },
    ];
  });
}

/**
 * The variance shift of a BatchNorm layer at one probe: what inference feeds it over what it
 * learned, the mean over its units of inference-mode variance / moving variance (1: no shift).
 * Null when the layer has no BatchNorm.
 */
export function varianceShift(probe: Probe | undefined, layer: number): number | null {
  const bn = probe?.layers[layer]?.bn;
  if (!bn || bn.movingVariance.length === 0) return null;
  let sum = 0;
  for (let u = 0; u < bn.movingVariance.length; u++) sum += bn.inferVariance[u]! / bn.movingVariance[u]!;
  return sum / bn.movingVariance.length;
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

/** One weight layer's (Dense or Conv2D) gradient norms, and whether BatchNorm comes right after it (its bias is then redundant). */
export interface GradientRow {
  name: string;
  bnNext: boolean;
  kernel: number;
  bias: number;
}

/**
 * Rows named "Conv layer 1 (8 filters)", "Hidden layer 1 (128 units)" (Dense layers numbered among
 * themselves, as an MLP's) and "Output layer (10 units)", in the order of `probe.gradNorms`.
 */
export function gradientRows(probe: Probe | undefined, config: ExperimentConfig): GradientRow[] {
  if (!probe) return [];
  const layers = config.model.layers;
  const weights = layers.flatMap((l, i) => (l.kind === 'dense' || l.kind === 'conv2d' ? [{ spec: l, next: layers[i + 1] }] : []));
  let convs = 0;
  let dense = 0;
  const name = (w: (typeof weights)[number] | undefined, output: boolean) => {
    if (w?.spec.kind === 'conv2d') return `Conv layer ${++convs} (${w.spec.filters} filters)`;
    dense += 1;
    const units = w?.spec.kind === 'dense' ? w.spec.units : 0;
    return output ? `Output layer (${units || 10} units)` : `Hidden layer ${dense} (${units} units)`;
  };
  return probe.gradNorms.map((g, i) => {
    const w = weights[i];
    return { name: name(w, i === weights.length - 1), bnNext: w?.next?.kind === 'batchNorm', kernel: g.kernel, bias: g.bias };
  });
}

/** Probes' share of a run's training time, from the probes' own timings and the time trained so far; null before any. */
export function probeTimeShare(probes: readonly Probe[], trainedMs: number): number | null {
  if (probes.length === 0 || !(trainedMs > 0)) return null;
  return Math.min(1, probes.reduce((t, p) => t + p.ms, 0) / trainedMs);
}
