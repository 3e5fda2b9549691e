import { describe, expect, it } from 'vitest';
import { convExperiment, everyConvChoice } from '../engine/testing/convForms';
import { RUN_LIMITS } from '../runs/runSchema';
import { MISMATCHED_INPUT_STATS as stats } from '../runs/testing/inputStatsFixture';
import { fromStoredRun, toStoredRun } from './storedRun';
import { makeRun } from './testing/runFixture';

describe('a record kept in the browser’s storage keeps', () => {
  it('the dataset the run trained on', () => {
    const run = makeRun();
    const read = fromStoredRun(structuredClone(toStoredRun({ ...run, config: { ...run.config, dataset: 'fashion' } })));
    expect(read).toMatchObject({ ok: true, value: { config: { dataset: 'fashion' } } });
  });

  it('a convnet run’s whole layer list', () => {
    const run = makeRun({ config: convExperiment({ ...everyConvChoice }) });
    const read = fromStoredRun(structuredClone(toStoredRun(run)));
    expect(read.ok && read.value.config).toEqual(run.config);
    expect(read.ok && read.value.config.model.layers.filter((l) => l.kind === 'conv2d')).toHaveLength(4);
  });

  it('the run’s input statistics (the scaling warning), and a record without them still reads', () => {
    const r = fromStoredRun(toStoredRun(makeRun({ inputStats: stats })));
    expect(r.ok && r.value.inputStats).toEqual(stats);
    const old = fromStoredRun(toStoredRun(makeRun()));
    expect(old.ok && old.value.inputStats).toBeUndefined();
  });

  it('a run whose error message runs long (a shader compile log), cut short rather than skipped', () => {
    const r = fromStoredRun(toStoredRun(makeRun({ status: 'failed', message: `Failed to compile fragment shader. ${'x'.repeat(20_000)}` })));
    expect(r.ok && r.value.message?.length).toBe(RUN_LIMITS.maxMessageLength);
    expect(r.ok && r.value.message).toMatch(/^Failed to compile fragment shader\. x+…$/);
  });
});
