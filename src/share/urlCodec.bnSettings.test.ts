import { describe, expect, it } from 'vitest';
import { defaultExperiment, type ExperimentConfig } from '../engine/config';
import { mlpModel } from '../engine/mlpForm';
import { formOf } from '../engine/testing/mlp';
import { decodeShare, encodeShare, type SharedExperiment } from './urlCodec';

/** The default experiment with every BatchNorm layer set to `patch`'s momentum and epsilon. */
const withBn = (patch: { bnMomentum?: number; bnEpsilon?: number }): ExperimentConfig => {
  const c = defaultExperiment();
  return { ...c, model: mlpModel({ ...formOf(c.model), ...patch }) };
};

const single = (config: ExperimentConfig): SharedExperiment => ({ config, comparison: null, preset: null, hidden: [], presenter: false });

describe('share links: BN momentum and epsilon', () => {
  it('are written only when set, so links without them read as before', () => {
    expect(encodeShare(single(defaultExperiment()))).not.toMatch(/bnmom|bneps/);
    const c = withBn({ bnMomentum: 0.9, bnEpsilon: 1e-5 });
    expect(encodeShare(single(c))).toMatch(/&bnmom=0\.9&bneps=0\.00001$/);
  });

  it.each([[{ bnMomentum: 0.9 }], [{ bnMomentum: 0 }], [{ bnEpsilon: 1e-5 }], [{ bnMomentum: 0.5, bnEpsilon: 1e-8 }]])('round-trip %j', (patch) => {
    const c = withBn(patch);
    const decoded = decodeShare(encodeShare(single(c)), 60_000);
    expect(decoded.ignored).toEqual([]);
    expect(decoded.shared.config).toEqual(c);
  });

  it('reads a hand-written value in any number form', () => {
    const { shared, ignored } = decodeShare('bnmom=.9&bneps=1e-5', 60_000);
    expect(ignored).toEqual([]);
    expect(formOf(shared.config.model)).toMatchObject({ bnMomentum: 0.9, bnEpsilon: 1e-5 });
  });

  it.each([
    ['bnmom=1', 'Ignored "bnmom=1": BN momentum must be less than 1 (at 1 the moving statistics never learn)'],
    ['bnmom=abc', 'Ignored "bnmom=abc": BN momentum must be a number'],
    ['bneps=0', 'Ignored "bneps=0": BN epsilon must be at least 1e-8'],
    ['bneps=', 'Ignored "bneps=": BN epsilon must be a number'],
  ])('%s is ignored with a message and the default kept', (search, message) => {
    const { shared, ignored } = decodeShare(search, 60_000);
    expect(ignored).toEqual([message]);
    expect(shared.config).toEqual(defaultExperiment());
  });
});
