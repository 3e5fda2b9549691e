import { describe, expect, it } from 'vitest';
import { columnPercentiles, percentiles, percentilesOfSorted, PROBE_PERCENTILES } from './percentiles';

describe('percentiles', () => {
  it('interpolate linearly between ranks, as NumPy does', () => {
    // Sorted 1, 2, 3, 4, 5 (n = 5): rank p/100 · 4. 15th: rank 0.6 → 1.6; 50th: rank 2 → 3; 85th: rank 3.4 → 4.4.
    expect(percentiles([5, 1, 4, 2, 3], PROBE_PERCENTILES)).toEqual([1.6, 3, 4.4].map((v) => expect.closeTo(v, 6)));
    // 0, 10, 20, 30 (n = 4): 15th at rank 0.45 → 4.5; 50th at 1.5 → 15; 85th at 2.55 → 25.5.
    expect(percentiles([30, 0, 20, 10], PROBE_PERCENTILES)).toEqual([4.5, 15, 25.5].map((v) => expect.closeTo(v, 5)));
    expect(percentilesOfSorted([2, 4], [0, 100])).toEqual([2, 4]);
    expect(percentiles([7], PROBE_PERCENTILES)).toEqual([7, 7, 7]);
  });

  it('sort numerically, negatives included, and leave the input alone', () => {
    const values = [-10, 2, -1, 100];
    expect(percentiles(values, [50])).toEqual([0.5]);
    expect(values).toEqual([-10, 2, -1, 100]);
  });

  it('are NaN when any value is NaN or the list is empty', () => {
    expect(percentiles([1, Number.NaN, 3], [15, 50])).toEqual([Number.NaN, Number.NaN]);
    expect(percentiles([], [50])).toEqual([Number.NaN]);
  });

  it('per column of a row-major matrix, column by column', () => {
    // 3 rows × 2 columns: column 0 is 3, 1, 2; column 1 is 10, 30, 20.
    const m = [3, 10, 1, 30, 2, 20];
    const out = columnPercentiles(m, 3, 2, [0, 50, 100]);
    expect(Array.from(out)).toEqual([1, 2, 3, 10, 20, 30]);
    expect(() => columnPercentiles(m, 2, 2, [50])).toThrow(/2 × 2/);
  });
});

describe('percentiles by selection', () => {
  it('equal those of the sorted list, for many random lists with ties', () => {
    let seed = 1;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + Math.floor(next() * 300);
      const values = Float32Array.from({ length: n }, () => (next() < 0.3 ? Math.round(next() * 4) : next() * 200 - 100));
      const ps = [0, 15, 50, 85, 100, next() * 100];
      expect(percentiles(values, ps)).toEqual(percentilesOfSorted(Float32Array.from(values).sort(), ps));
    }
  });
});

describe('column percentiles by selection', () => {
  it('equal each column sorted, NaN columns NaN', () => {
    const rows = 37;
    const cols = 5;
    const m = Float32Array.from({ length: rows * cols }, (_, i) => Math.sin(i * 12.9898) * 43758.5453 - Math.floor(Math.sin(i * 12.9898) * 43758.5453) - 0.5);
    m[3 * cols + 2] = Number.NaN;
    const out = columnPercentiles(m, rows, cols, PROBE_PERCENTILES);
    for (let j = 0; j < cols; j++) {
      const column = Float32Array.from({ length: rows }, (_, i) => m[i * cols + j]!);
      const want = j === 2 ? [Number.NaN, Number.NaN, Number.NaN] : percentilesOfSorted(column.sort(), PROBE_PERCENTILES).map(Math.fround);
      expect(Array.from(out.subarray(j * 3, j * 3 + 3))).toEqual(want);
    }
  });
});
