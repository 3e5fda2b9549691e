import { describe, expect, it } from 'vitest';
import { bandPath, barsPath, dotsPath, linearScale, linePath, ticksWithin } from './plotGeometry';

const sx = linearScale([0, 10], [0, 100]);
const sy = linearScale([0, 10], [100, 0]);

describe('plot geometry', () => {
  it('scales both ways, a y axis upside down, and a zero-width domain to the middle', () => {
    expect(sx(2.5)).toBe(25);
    expect(sy(2.5)).toBe(75);
    expect(sy.invert(75)).toBe(2.5);
    expect(linearScale([3, 3], [0, 100])(3)).toBe(50);
  });

  it('ticks within the data range only, round; the value alone when the range is a point', () => {
    expect(ticksWithin(0, 125)).toEqual([0, 25, 50, 75, 100, 125]);
    expect(ticksWithin(0.2, 0.9)).toEqual([0.2, 0.4, 0.6, 0.8]);
    expect(ticksWithin(50, 50)).toEqual([50]);
    expect(ticksWithin(Number.NaN, 1)).toEqual([]);
  });

  it('a line lifts its pen over a gap', () => {
    const points = [
      { x: 0, y: 0 },
      { x: 1, y: 1 },
      { x: 2, y: Number.NaN },
      { x: 3, y: 3 },
    ];
    expect(linePath(points, sx, sy)).toBe('M0.0,100.0L10.0,90.0M30.0,70.0');
  });

  it('a band runs along the highs and back along the lows, skipping points without both', () => {
    const points = [
      { x: 0, low: 1, high: 2 },
      { x: 1, low: Number.NaN, high: 3 },
      { x: 2, low: 2, high: 4 },
    ];
    expect(bandPath(points, sx, sy)).toBe('M0.0,80.0L20.0,60.0L20.0,80.0L0.0,90.0Z');
    expect(bandPath([], sx, sy)).toBe('');
  });

  it('dots are two arcs each; bars stand on 0, up or down, beside each other by their shift', () => {
    expect(
      dotsPath(
        [
          { x: 1, y: 1 },
          { x: 2, y: Number.NaN },
        ],
        2,
        sx,
        sy,
      ),
    ).toBe('M8.0,90.0a2,2 0 1,0 4,0a2,2 0 1,0 -4,0');
    const tall = linearScale([-5, 5], [100, 0]);
    expect(
      barsPath(
        [
          { x: 1, y: 2 },
          { x: 2, y: -1 },
        ],
        -0.25,
        0.5,
        sx,
        tall,
      ),
    ).toBe('M5.0,50.0H10.0V30.0H5.0ZM15.0,50.0H20.0V60.0H15.0Z');
  });
});
