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
