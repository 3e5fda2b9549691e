import { describe, expect, it } from 'vitest';
import { defaultExperiment, type ExperimentConfig } from '../engine/config';
import { imageNet } from '../engine/testing/imageNet';
import { decodeShare, encodeShare } from './urlCodec';

describe('share links: net=, any layer list', () => {
  it("writes a list the form cannot show as net=, each layer its kind's token, and reads it back", () => {
    const config: ExperimentConfig = { ...defaultExperiment(), model: { layers: imageNet } };
    const search = encodeShare({ config, comparison: null, preset: null, hidden: [], presenter: false });
    expect(search).toMatch(/^net=maxpool2,bn_m0\.9_e0\.00001,avgpool2,flat,d12,tanh,drop0\.25,d10&opt=adam/);
    expect(search).not.toMatch(/layers=|act=|inbn=/);
    const { shared, ignored } = decodeShare(search, 60_000);
    expect(ignored).toEqual([]);
    expect(shared.config).toEqual(config);
    expect(decodeShare('net=flat,d10,relu,d3', 60_000).ignored).toEqual([
      'Ignored "net=flat,d10,relu,d3": The network must end in 10 outputs (a Dense of 10 units), not (3)',
    ]);
    expect(decodeShare('net=flat,dense128', 60_000).ignored[0]).toMatch(/Layer 2 "dense128" is not a layer token/);
  });
});
