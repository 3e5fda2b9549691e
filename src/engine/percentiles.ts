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
 * Puts the `k`-th smallest of `a[lo…hi]` at `a[k]`, smaller or equal ones before it and larger or
 * equal ones after (Hoare's quickselect, middle pivot). Expected O(n): a probe needs 3 ranks of
 * 16,000 values, where sorting them all took ~1 ms.
 */
function select(a: Float32Array, k: number, lo: number, hi: number): void {
  while (lo < hi) {
    const pivot = a[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i++] = a[j]!;
        a[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

/** The ranks (NumPy's `p/100 · (n − 1)`) of the percentiles `ps` among `n` values, lowest first, with each one's place in `ps`. */
const ranksOf = (n: number, ps: readonly number[]) =>
  ps.map((p, i) => ({ rank: (Math.min(100, Math.max(0, p)) / 100) * (n - 1), i })).sort((x, y) => x.rank - y.rank);

/**
 * The percentiles at `ranks` (see `ranksOf`) of the NaN-free values in `a` (reordered), into
 * `out` from `at`: each rank put in place by `select`, from the lowest up, each search starting
 * where the last one's rank lies.
 */
function selectPercentiles(a: Float32Array, ranks: ReturnType<typeof ranksOf>, out: { [i: number]: number }, at: number): void {
  const n = a.length;
  let floor = 0;
  for (const { rank, i } of ranks) {
    const lo = Math.floor(rank);
    select(a, lo, floor, n - 1);
    // After it, a[lo + 1 …] holds the larger values: the next rank's value is their smallest.
    let next = a[lo]!;
    if (lo + 1 < n) {
      next = a[lo + 1]!;
      for (let k = lo + 2; k < n; k++) if (a[k]! < next) next = a[k]!;
    }
    floor = lo;
    out[at + i] = a[lo]! + (next - a[lo]!) * (rank - lo);
  }
}

/**
 * Percentiles of `values` (any order; not modified). Any NaN makes every percentile NaN: a
 * network that blew up has no distribution to speak of. The same numbers as sorting and reading
 * `percentilesOfSorted`: only the ranks needed are put in place.
 */
export function percentiles(values: ArrayLike<number>, ps: readonly number[]): number[] {
  // A copy (a memcpy for typed arrays; Float32Array.from iterates, ~20× slower).
  const a = new Float32Array(values);
  const out = ps.map(() => Number.NaN);
  if (a.length === 0) return out;
  for (let i = 0; i < a.length; i++) if (Number.isNaN(a[i]!)) return out;
  selectPercentiles(a, ranksOf(a.length, ps), out, 0);
  return out;
}

/**
 * Per column of a row-major `[rows, cols]` matrix, the percentiles `ps`: `[cols * ps.length]`,
 * column-major (column 0's percentiles first).
 */
export function columnPercentiles(values: ArrayLike<number>, rows: number, cols: number, ps: readonly number[]): Float32Array {
  if (values.length !== rows * cols) throw new Error(`expected ${rows} × ${cols} values, got ${values.length}`);
  const out = new Float32Array(cols * ps.length).fill(Number.NaN);
  const column = new Float32Array(rows);
  const ranks = ranksOf(rows, ps);
  for (let j = 0; j < cols; j++) {
    let nan = rows === 0;
    for (let i = 0; i < rows; i++) {
      const v = values[i * cols + j]!;
      column[i] = v;
      nan ||= Number.isNaN(v);
    }
    if (!nan) selectPercentiles(column, ranks, out, j * ps.length);
  }
  return out;
}
