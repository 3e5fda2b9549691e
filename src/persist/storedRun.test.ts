import { describe, expect, it } from 'vitest';
import type { InputStats } from '../engine/inputStats';
import { fromStoredRun, toStoredRun } from './storedRun';
import { makeRun } from './testing/runFixture';

const stats: InputStats = {
  train: { mean: 0.000513, std: 0.00121, max: 1 / 255, images: 50_000 },
  validation: { mean: 0.1325, std: 0.3105, max: 1, images: 10_000 },
  test: { mean: 0.1325, std: 0.3105, max: 1, images: 10_000 },
  validationIsTest: true,
};

describe('a record kept in the browser’s storage keeps', () => {
  it('the dataset the run trained on', () => {
    const run = makeRun();
    const read = fromStoredRun(structuredClone(toStoredRun({ ...run, config: { ...run.config, dataset: 'fashion' } })));
    expect(read).toMatchObject({ ok: true, run: { config: { dataset: 'fashion' } } });
  });

  it('the run’s input statistics (the scaling warning), and a record without them still reads', () => {
    const r = fromStoredRun(toStoredRun(makeRun({ inputStats: stats })));
    expect(r.ok && r.run.inputStats).toEqual(stats);
    const old = fromStoredRun(toStoredRun(makeRun()));
    expect(old.ok && old.run.inputStats).toBeUndefined();
  });
});
