import { describe, expect, it } from 'vitest';
import { formOf, mlp } from '../engine/testing/mlp';
import { defaultExperiment } from '../engine/config';
import { parseExperiment } from '../engine/schema';
import { withBatchNorm } from './comparison';
import { findPreset, presetPlan } from './presets';
import { runName } from './runName';

describe('robustness presets', () => {
  it.each(['notebook-pitfall', 'init-scale', 'sigmoid-quick', 'batch-ladder-ln'])('%s: every run passes the schema and has a name of its own', (id) => {
    const preset = findPreset(id)!;
    const runs = presetPlan(preset).flat();
    for (const c of runs) expect(parseExperiment(c, 60_000)).toEqual({ ok: true, config: c });
    expect(new Set(runs.map(runName)).size).toBe(runs.length);
    expect(preset.description).toMatch(/Look for: /);
  });

  it('the pitfall trains on pixels ÷255 twice and evaluates on ÷255; its twin, the same model, scales both ÷255', () => {
    const [pitfall, twin] = presetPlan(findPreset('notebook-pitfall')!).flat();
    expect(pitfall!.train).toMatchObject({ trainScale: 'div255twice', evalScale: 'div255', batchSize: 64, trainLimit: 50_000 });
    expect(twin!.train.trainScale).toBeUndefined();
    expect(twin!.train.evalScale).toBeUndefined();
    expect(pitfall!.model).toEqual(twin!.model);
  });

  it('the batch ladder pairs BatchNorm and LayerNorm at 2, 4, 8, 16, 64 and 256 on the same images', () => {
    const plan = presetPlan(findPreset('batch-ladder-ln')!);
    expect(plan.map((g) => g.map((c) => c.train.batchSize))).toEqual([2, 4, 8, 16, 64, 256].map((b) => [b, b]));
    expect(plan.flat().every((c) => c.train.trainLimit === 4_000 && c.train.epochs === 1)).toBe(true);
    expect(plan.map((g) => g.map((c) => runName(c).split(' · ')[0]))).toEqual(plan.map(() => ['BN', 'LN']));
  });

  it('turning BatchNorm on in a LayerNorm network puts BatchNorm in LayerNorm’s place', () => {
    const ln = defaultExperiment();
    ln.model = mlp(formOf(ln.model).hidden.map((h) => ({ ...h, batchNorm: false, layerNorm: true })));
    const on = withBatchNorm(ln, true);
    expect(on.model.layers).toEqual(defaultExperiment().model.layers);
    expect(parseExperiment(on, 60_000).ok).toBe(true);
  });
});
