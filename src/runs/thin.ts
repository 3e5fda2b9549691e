/** A point of a thinned chart series: x is the 1-based step. */
export interface ChartPoint {
  step: number;
  raw: number;
  smooth: number;
}

/**
 * At most about `2 * buckets` points for a chart, however long the run: each bucket of steps
 * keeps its lowest and highest raw value (in step order), so spikes survive thinning, and the
 * smoothed value at those steps.
 */
export function thinSeries(raw: Float32Array, smooth: Float32Array, length: number, buckets = 300): ChartPoint[] {
  const point = (i: number): ChartPoint => ({ step: i + 1, raw: raw[i]!, smooth: smooth[i]! });
  if (length <= 2 * buckets) return Array.from({ length }, (_, i) => point(i));
  const out: ChartPoint[] = [];
  const size = length / buckets;
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor(b * size);
    const end = Math.min(length, Math.floor((b + 1) * size));
    let lo = start;
    let hi = start;
    for (let i = start + 1; i < end; i++) {
      if (raw[i]! < raw[lo]!) lo = i;
      if (raw[i]! > raw[hi]!) hi = i;
    }
    const first = Math.min(lo, hi);
    const second = Math.max(lo, hi);
    out.push(point(first));
    if (second !== first) out.push(point(second));
  }
  // Always end on the latest step, so the curve reaches the current position.
  if (out[out.length - 1]!.step !== length) out.push(point(length - 1));
  return out;
}
