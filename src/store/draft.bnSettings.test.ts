import { describe, expect, it } from 'vitest';
import { formOf } from '../engine/testing/mlp';
import { defaultExperiment } from '../engine/config';
import { draftFromConfig, parseDraft } from './draft';

describe('draft: BN momentum and epsilon', () => {
  it('show the Keras defaults and leave them out of the config', () => {
    const draft = draftFromConfig(defaultExperiment());
    expect(draft.bnMomentum).toBe('0.99');
    expect(draft.bnEpsilon).toBe('0.001');
    const r = parseDraft(draft, 60_000);
    expect(r).toEqual({ ok: true, config: defaultExperiment() });
  });

  it('put other values in the config, and a config back in the form', () => {
    const r = parseDraft({ ...draftFromConfig(defaultExperiment()), bnMomentum: '0.9', bnEpsilon: '1e-5' }, 60_000);
    expect(r.ok && formOf(r.config.model)).toMatchObject({ bnMomentum: 0.9, bnEpsilon: 1e-5 });
    if (r.ok) expect(draftFromConfig(r.config)).toMatchObject({ bnMomentum: '0.9', bnEpsilon: '0.00001' });
  });

  it('name the field when the value is bad', () => {
    const r = parseDraft({ ...draftFromConfig(defaultExperiment()), bnMomentum: '', bnEpsilon: '-1' }, 60_000);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors['model.bnMomentum']).toBe('BN momentum must be a number');
      expect(r.errors['model.bnEpsilon']).toBe('BN epsilon must be at least 1e-8');
    }
  });
});
