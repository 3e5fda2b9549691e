/**
 * Percentiles the probes report, in percent: the 15th, 50th and 85th, the bands of Ioffe &
 * Szegedy (2015), Figure 1 ("the evolution of input distributions to a typical sigmoid").
 */
export const PROBE_PERCENTILES = [15, 50, 85] as const;

/**
 * The `p`-th percentiles (0–100) of values already sorted ascending, interpolated linearly
 * between the two nearest ranks, as NumPy's default: rank `p/100 · (n − 1)`. NaN for an empty list.
 */
export function percentilesOfSorted(sorted: ArrayLike<number>, ps: readonly number[]): number[] {
  const n = sorted.length;
  return ps.map((p) => {
    if (n === 0) return Number.NaN;
    const rank = (Math.min(100, Math.max(0, p)) / 100) * (n - 1);
    const lo = Math.floor(rank);
    const hi = Math.min(n - 1, lo + 1);
    const a = sorted[lo]!;
    const b = sorted[hi]!;
    return a + (b - a) * (rank - lo);
  });
}

/**
 * Percentiles of `values` (any order; not modified). Any NaN makes every percentile NaN: a
 * network that blew up has no distribution to speak of.
 */
export function percentiles(values: ArrayLike<number>, ps: readonly number[]): number[] {
  const sorted = Float32Array.from(values);
  for (const v of sorted) if (Number.isNaN(v)) return ps.map(() => Number.NaN);
  sorted.sort();
  return percentilesOfSorted(sorted, ps);
}

/**
 * Per column of a row-major `[rows, cols]` matrix, the percentiles `ps`: `[cols * ps.length]`,
 * column-major (column 0's percentiles first).
 */
export function columnPercentiles(values: ArrayLike<number>, rows: number, cols: number, ps: readonly number[]): Float32Array {
  if (values.length !== rows * cols) throw new Error(`expected ${rows} × ${cols} values, got ${values.length}`);
  const out = new Float32Array(cols * ps.length);
  const column = new Float32Array(rows);
  for (let j = 0; j < cols; j++) {
    for (let i = 0; i < rows; i++) column[i] = values[i * cols + j]!;
    out.set(percentiles(column, ps), j * ps.length);
  }
  return out;
}
