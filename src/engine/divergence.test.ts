import { describe, expect, it } from 'vitest';
import { createDivergenceCheck, EXPLODED_LOSS_FLOOR } from './train';

const feed = (losses: number[]) => {
  const check = createDivergenceCheck();
  return losses.map((l) => check(l));
};

describe('createDivergenceCheck', () => {
  it('flags a NaN or infinite loss at once', () => {
    expect(feed([2.3, Number.NaN])).toEqual([null, 'nonFinite']);
    expect(feed([Number.POSITIVE_INFINITY])).toEqual(['nonFinite']);
  });

  it('lets a healthy run fall from ln 10 without a verdict', () => {
    const losses = Array.from({ length: 500 }, (_, i) => 2.3 * Math.exp(-i / 50) + 0.05);
    expect(feed(losses).every((v) => v === null)).toBe(true);
  });

  it('calls a loss that settles far above a uniform guess exploded, after the warm-up', () => {
    const verdicts = feed([2.3, ...Array.from({ length: 40 }, () => 40)]);
    expect(verdicts.slice(0, 10).every((v) => v === null)).toBe(true);
    expect(verdicts.indexOf('exploded')).toBeGreaterThanOrEqual(10);
  });

  it('ignores a single spike: the average must stay high', () => {
    const losses = [2.3, ...Array.from({ length: 30 }, (_, i) => (i === 15 ? 50 : 0.5))];
    expect(feed(losses).includes('exploded')).toBe(false);
  });

  it('scales the limit with a high start (a bad initialisation is not a divergence)', () => {
    const start = 5 * EXPLODED_LOSS_FLOOR;
    const losses = Array.from({ length: 100 }, (_, i) => start * (1 - i / 200));
    expect(feed(losses).includes('exploded')).toBe(false);
  });
});
