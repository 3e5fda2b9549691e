import { describe, expect, it } from 'vitest';
import type { ChartLine } from './chartLine';
import { xTicks } from './seriesGeometry';
import { fittedTicks } from './TrainingCharts';

const line = (values: number[], diverged = false, validation: number[] = []): ChartLine => ({
  id: String(values[0]),
  name: 'run',
  color: '#000',
  dash: '',
  points: values.map((v, i) => ({ x: i, raw: v, smooth: v })),
  validation: validation.map((value, i) => ({ x: i, value })),
  diverged,
});

describe('fittedTicks', () => {
  it('fits the highest value of the runs, validation included', () => {
    expect(fittedTicks([line([2.3, 0.5]), line([0.4], false, [2.6])]).at(-1)).toBe(3);
  });

  it('leaves a diverged run out, so it cannot flatten the others', () => {
    expect(fittedTicks([line([2.3, 0.5]), line([2.3, 900, Number.NaN], true)])).toEqual([0, 0.5, 1, 1.5, 2, 2.5]);
  });

  it('fits the diverged runs when all diverged, ignoring NaN', () => {
    expect(fittedTicks([line([2.3, 40, Number.NaN], true)]).at(-1)).toBe(40);
    expect(fittedTicks([])).toEqual([0, 1]);
  });
});

describe('xTicks', () => {
  it('gives round steps within the domain, few enough to read in a third of the page', () => {
    expect(xTicks(3750, true)).toEqual([0, 1000, 2000, 3000]);
    expect(xTicks(125, true)).toEqual([0, 50, 100]);
    expect(xTicks(3, false)).toEqual([0, 1, 2, 3]);
    expect(xTicks(1.5, false)).toEqual([0, 0.5, 1, 1.5]);
    // Before any step: the domain is [0, 1], and a step axis has no step 0.25.
    expect(xTicks(0, true)).toEqual([0, 1]);
  });
});
