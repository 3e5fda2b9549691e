import { describe, expect, it } from 'vitest';
import { formOf } from '../engine/testing/mlp';
import { defaultExperiment } from '../engine/config';
import { draftFromConfig, parseDraft } from './draft';

describe('draft: pixel scaling, weight init scale and LayerNorm', () => {
  it('show ÷255, 1 and no LayerNorm by default and leave them out of the config', () => {
    const draft = draftFromConfig(defaultExperiment());
    expect([draft.trainScale, draft.evalScale, draft.initScale]).toEqual(['div255', 'div255', '1']);
    expect(draft.layers.every((l) => !l.layerNorm)).toBe(true);
    expect(parseDraft(draft, 60_000)).toEqual({ ok: true, config: defaultExperiment() });
  });

  it('put other values in the config, and a config back in the form', () => {
    const base = draftFromConfig(defaultExperiment());
    const draft = {
      ...base,
      trainScale: 'div255twice' as const,
      evalScale: 'raw' as const,
      initScale: '0.1',
      layers: base.layers.map((l, i) => (i === 1 ? { ...l, batchNorm: false, layerNorm: true } : l)),
    };
    const r = parseDraft(draft, 60_000);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.train).toMatchObject({ trainScale: 'div255twice', evalScale: 'raw' });
    expect(r.config.model.initScale).toBe(0.1);
    expect(formOf(r.config.model).hidden[1]).toEqual({ units: 64, batchNorm: false, bnPosition: 'before', layerNorm: true });
    expect(formOf(r.config.model).hidden[0]).not.toHaveProperty('layerNorm');
    const again = draftFromConfig(r.config);
    expect([again.trainScale, again.evalScale, again.initScale, again.layers[1]!.layerNorm]).toEqual(['div255twice', 'raw', '0.1', true]);
  });

  it('name the field when the init scale is bad', () => {
    for (const [text, message] of [
      ['0', 'Weight init scale must be greater than 0'],
      ['abc', 'Weight init scale must be a number'],
      ['1000', 'Weight init scale must be at most 100'],
    ] as const) {
      const r = parseDraft({ ...draftFromConfig(defaultExperiment()), initScale: text }, 60_000);
      expect(r.ok ? null : r.errors['model.initScale']).toBe(message);
    }
  });
});
