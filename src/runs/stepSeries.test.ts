import { describe, expect, it } from 'vitest';
import { appendSteps, emptySeries } from './stepSeries';
import { thinSeries } from './thin';

describe('stepSeries', () => {
  it('grows past its capacity, keeps every value, and smooths without bias at the start', () => {
    let s = emptySeries(4);
    for (let i = 0; i < 10; i++) s = appendSteps(s, i * 3 + 1, new Float32Array([1, 1, 1]), new Float32Array([0.5, 0.5, 0.5]));
    expect(s.length).toBe(30);
    expect(s.loss.length).toBeGreaterThanOrEqual(30);
    // A constant series stays constant when smoothed: the debiasing works from the first point.
    for (let i = 0; i < 30; i++) expect(s.lossSmooth[i]).toBeCloseTo(1, 5);
    expect(s.accuracySmooth[0]).toBeCloseTo(0.5, 6);
  });

  it('refuses steps out of order', () => {
    expect(() => appendSteps(emptySeries(), 2, new Float32Array([1]), new Float32Array([1]))).toThrow(/expected step 1/);
  });
});

describe('thinSeries', () => {
  it('returns every point of a short series', () => {
    const raw = Float32Array.from([3, 2, 1]);
    expect(thinSeries(raw, raw, 3)).toEqual([
      { step: 1, raw: 3, smooth: 3 },
      { step: 2, raw: 2, smooth: 2 },
      { step: 3, raw: 1, smooth: 1 },
    ]);
  });

  it('keeps a long series to a few hundred points, with its spikes and its last step', () => {
    const n = 50_000;
    const raw = new Float32Array(n).fill(1);
    raw[12_345] = 100;
    raw[40_000] = -5;
    const pts = thinSeries(raw, raw, n, 300);
    expect(pts.length).toBeLessThanOrEqual(601);
    expect(pts.some((p) => p.step === 12_346 && p.raw === 100)).toBe(true);
    expect(pts.some((p) => p.step === 40_001 && p.raw === -5)).toBe(true);
    expect(pts.at(-1)!.step).toBe(n);
    const steps = pts.map((p) => p.step);
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);
  });
});
