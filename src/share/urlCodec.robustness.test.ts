import { describe, expect, it } from 'vitest';
import { formOf, mlp } from '../engine/testing/mlp';
import { defaultExperiment, type ExperimentConfig } from '../engine/config';
import { decodeShare, encodeShare, type SharedExperiment } from './urlCodec';

const single = (config: ExperimentConfig): SharedExperiment => ({ config, comparison: null, preset: null, hidden: [], presenter: false });
const roundTrip = (config: ExperimentConfig) => decodeShare(encodeShare(single(config)), 60_000);

/** The notebook pitfall as a link: training pixels ÷255 twice, test pixels ÷255, weights ×0.1, LayerNorm on layer 2. */
function robust(): ExperimentConfig {
  const c = defaultExperiment();
  c.model.initScale = 0.1;
  c.model = {
    ...c.model,
    ...mlp([
      { units: 128, batchNorm: true, bnPosition: 'after' },
      { units: 64, batchNorm: false, bnPosition: 'before', layerNorm: true },
      { units: 32, batchNorm: false, bnPosition: 'after', layerNorm: true },
    ]),
  };
  c.train.trainScale = 'div255twice';
  c.train.evalScale = 'div255';
  return c;
}

describe('share links: pixel scaling, weight init scale and LayerNorm', () => {
  it('writes none of them for a config without them, so older links read as before', () => {
    expect(encodeShare(single(defaultExperiment()))).not.toMatch(/init=|scale=|ln/);
  });

  it('writes and reads them back exactly', () => {
    const text = encodeShare(single(robust()));
    expect(text).toContain('layers=128bna,64ln,32lna');
    expect(text).toContain('&init=0.1&trainscale=div255twice&evalscale=div255');
    expect(roundTrip(robust())).toEqual({ shared: single(robust()), ignored: [] });
  });

  it('reads a hand-written link and reports bad values, keeping the defaults', () => {
    const { shared, ignored } = decodeShare('evalscale=raw&init=0&trainscale=half&layers=128ln,64lnbn', 60_000);
    expect(shared.config.train.evalScale).toBe('raw');
    expect(shared.config.train.trainScale).toBeUndefined();
    expect(shared.config.model.initScale).toBeUndefined();
    expect(shared.config.model.layers).toEqual(defaultExperiment().model.layers);
    expect(ignored).toEqual([
      'Ignored "layers=128ln,64lnbn": Hidden layer 2 must be a width with optional bn, bna, ln or lna and _d with a dropout rate, like 128bn or 128bn_d0.5',
      'Ignored "init=0": Weight init scale must be greater than 0',
      'Ignored "trainscale=half": Training pixel scaling must be one of div255, div255twice, raw',
    ]);
  });

  it('reads a LayerNorm layer as LayerNorm only, never with BatchNorm', () => {
    const { shared } = decodeShare('layers=16ln', 60_000);
    expect(formOf(shared.config.model).hidden).toEqual([{ units: 16, batchNorm: false, bnPosition: 'before', layerNorm: true }]);
  });
});
