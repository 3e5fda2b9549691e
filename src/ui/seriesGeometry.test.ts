import { describe, expect, it } from 'vitest';
import { lastAtOrBefore, nearestIndex, niceTicks, pathData, readoutLeft } from './seriesGeometry';

const identity = (v: number) => v;
const pts = (ys: number[]) => ys.map((y, i) => ({ x: i * 10, y }));

describe('pathData', () => {
  it('draws one line through the points, in pixels', () => {
    expect(
      pathData(
        pts([1, 2, 3]),
        (p) => p.y,
        (x) => x * 2,
        (y) => 100 - y,
      ),
    ).toBe('M0.0,99.0L20.0,98.0L40.0,97.0');
  });

  it('lifts the pen at a NaN or infinite value, so a diverged run stops rather than jumps', () => {
    expect(pathData(pts([1, Number.NaN, 3, Number.POSITIVE_INFINITY, 5, 6]), (p) => p.y, identity, identity)).toBe('M0.0,1.0M20.0,3.0M40.0,5.0L50.0,6.0');
  });

  it('skips points the scale cannot place and clamps huge pixels', () => {
    const sx = (x: number) => (x === 10 ? undefined : x);
    expect(pathData(pts([1, 2, 1e30]), (p) => p.y, sx, identity)).toBe('M0.0,1.0M20.0,100000.0');
  });

  it('is empty for no points', () => {
    expect(pathData([], () => 0, identity, identity)).toBe('');
  });
});

describe('nearestIndex and lastAtOrBefore', () => {
  const xs = [0, 10, 20, 40].map((x) => ({ x }));

  it('finds the nearest point, the earlier on a tie', () => {
    expect([-5, 0, 4, 5, 6, 29, 31, 100].map((x) => nearestIndex(xs, x))).toEqual([0, 0, 0, 0, 1, 2, 3, 3]);
    expect(nearestIndex([], 3)).toBe(-1);
  });

  it('finds the last point at or before x', () => {
    expect([-1, 0, 9, 10, 39, 40, 99].map((x) => lastAtOrBefore(xs, x))).toEqual([-1, 0, 0, 1, 2, 3, 3]);
    expect(lastAtOrBefore([], 3)).toBe(-1);
  });
});

describe('niceTicks', () => {
  it('ends on a round value at or above the maximum, with short steps', () => {
    expect(niceTicks(2.31)).toEqual([0, 0.5, 1, 1.5, 2, 2.5]);
    expect(niceTicks(1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0.7)).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
    expect(niceTicks(47.9)).toEqual([0, 10, 20, 30, 40, 50]);
    expect(niceTicks(0.0123)).toEqual([0, 0.0025, 0.005, 0.0075, 0.01, 0.0125]);
  });

  it('holds every maximum it is given, in at most 5 intervals', () => {
    for (let i = 0; i < 500; i++) {
      const max = 10 ** (Math.random() * 12 - 6);
      const ticks = niceTicks(max);
      expect(ticks.at(-1)!).toBeGreaterThanOrEqual(max * (1 - 1e-9));
      expect(ticks.length - 1).toBeLessThanOrEqual(5);
      expect(ticks[0]).toBe(0);
    }
  });

  it('gives [0, 1] for nothing to hold', () => {
    expect(niceTicks(0)).toEqual([0, 1]);
    expect(niceTicks(Number.NaN)).toEqual([0, 1]);
    expect(niceTicks(Number.POSITIVE_INFINITY)).toEqual([0, 1]);
  });
});

describe('readoutLeft', () => {
  const area = { x: 60, width: 300 };

  it('puts the box beside the cursor, on the side with more room', () => {
    expect(readoutLeft(100, 120, area)).toBe(108);
    expect(readoutLeft(300, 120, area)).toBe(172);
  });

  it('keeps a box wider than the room on either side within the chart', () => {
    // Left of the cursor it would start at -22: moved in to the chart's edge.
    expect(readoutLeft(220, 234, area)).toBe(2);
    // Right of the cursor it would end past the plot: moved left to end at its edge.
    expect(readoutLeft(200, 200, area)).toBe(160);
  });
});
