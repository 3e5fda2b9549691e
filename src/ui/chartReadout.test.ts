import { describe, expect, it } from 'vitest';
import type { ChartLine } from './chartLine';
import { longestLine, readoutAt } from './chartReadout';

const COLORS = { raw: 'r', smooth: 's', validation: 'v' };

function line(id: string, steps: number, validation: { x: number; value: number }[] = []): ChartLine {
  return {
    id,
    name: `run ${id}`,
    color: `c-${id}`,
    dash: '',
    points: Array.from({ length: steps }, (_, i) => ({ x: i + 1, raw: 1 / (i + 1), smooth: 2 / (i + 1) })),
    validation,
    diverged: false,
  };
}

describe('readoutAt', () => {
  it('shows one run at the nearest step: per step, smoothed and the last validation before it', () => {
    const r = readoutAt(
      [
        line('a', 100, [
          { x: 50, value: 0.3 },
          { x: 100, value: 0.2 },
        ]),
      ],
      60.4,
      100,
      COLORS,
    )!;
    expect(r.x).toBe(60);
    expect(r.rows).toEqual([
      { label: 'Training (per step)', value: (1 / 60).toFixed(4), color: 'r' },
      { label: 'Training (smoothed)', value: (2 / 60).toFixed(4), color: 's' },
      { label: 'Validation (last epoch)', value: '0.3000', color: 'v' },
    ]);
  });

  it('leaves out validation before the first epoch', () => {
    expect(readoutAt([line('a', 100, [{ x: 100, value: 0.2 }])], 10, 100, COLORS)!.rows.map((r) => r.label)).toEqual([
      'Training (per step)',
      'Training (smoothed)',
    ]);
  });

  it('shows each run of several by its smoothed value, and a dash for a run that ended before x', () => {
    const r = readoutAt([line('a', 300), line('b', 100)], 250, 300, COLORS)!;
    expect(r.x).toBe(250);
    expect(r.rows).toEqual([
      { label: 'run a', value: (2 / 250).toFixed(4), color: 'c-a' },
      { label: 'run b', value: '—', color: 'c-b' },
    ]);
  });

  it('says NaN for a value that blew up, and null with nothing drawn', () => {
    const l = line('a', 10);
    l.points[9] = { x: 10, raw: Number.NaN, smooth: Number.NaN };
    expect(readoutAt([l], 10, 10, COLORS)!.rows[0]!.value).toBe('NaN');
    expect(readoutAt([], 10, 10, COLORS)).toBeNull();
    expect(readoutAt([line('a', 0)], 10, 10, COLORS)).toBeNull();
  });

  it('moves along the curve that reaches furthest', () => {
    expect(longestLine([line('a', 5), line('b', 50), line('c', 20)])!.id).toBe('b');
  });
});
