import { describe, expect, it } from 'vitest';
import { convFormOf } from '../engine/convForm';
import { convExperiment, everyConvChoice } from '../engine/testing/convForms';
import { runName } from '../runs/runName';
import { historyCsv } from './historyCsv';
import { exportRunsJson, importRunsJson } from './runsFile';
import { finishedRun } from './testing/runFixture';
import { decodeShare, encodeShare, type SharedExperiment } from './urlCodec';

const TRAIN_IMAGES = 60_000;

const single = (config: SharedExperiment['config'], comparison: SharedExperiment['comparison'] = null): SharedExperiment => ({
  config,
  comparison,
  preset: null,
  hidden: [],
  presenter: false,
});

describe('a convnet in a link, a runs file and a CSV', () => {
  it('carries the whole layer list readably, one token per layer, and reads it back', () => {
    const config = convExperiment({ ...everyConvChoice });
    const search = encodeShare(single(config));
    expect(search).toMatch(
      /^net=conv8x3_s2_same,gn4,relu,conv16x3_same,tanh,ln,avgpool2,conv32x5_same,relu,conv12x3_same,relu,bn_m0\.9_e0\.00001,maxpool2,gap,d20,relu,drop0\.3,d10&opt=adam/,
    );
    const { shared, ignored } = decodeShare(search, TRAIN_IMAGES);
    expect(ignored).toEqual([]);
    expect(shared.config).toEqual(config);
  });

  it('carries a comparison of a convnet, and refuses dropout where it has no hidden Dense layer', () => {
    const base = convExperiment();
    const pair = single(base, { variation: { setting: 'batchNorm', values: [true, false] }, schedule: 'together', alsoWithoutBn: false });
    const decoded = decodeShare(encodeShare(pair), TRAIN_IMAGES);
    expect(decoded.ignored).toEqual([]);
    expect(decoded.shared).toEqual(pair);
    const gap = convExperiment({ head: 'globalAvgPool', hidden: [] });
    const search = `${encodeShare(single(gap))}&vary=dropout&values=0,0.5`;
    const { shared, ignored } = decodeShare(search, TRAIN_IMAGES);
    expect(ignored).toEqual(['Ignored "vary=dropout": the network has no hidden Dense layer to put dropout after; no comparison is set up']);
    expect(shared.comparison).toBeNull();
    expect(shared.config).toEqual(gap);
  });

  it('keeps a convnet run in the runs file exactly, and names it in the CSV', () => {
    const config = { ...convExperiment(), train: { ...convExperiment().train, epochs: 2 } };
    const run = finishedRun({ config, name: runName(config) });
    const { runs, errors } = importRunsJson(exportRunsJson([run]), TRAIN_IMAGES);
    expect(errors).toEqual([]);
    expect(runs[0]!.config).toEqual(config);
    expect(convFormOf(runs[0]!.config.model.layers)).not.toBeNull();
    const rows = historyCsv(runs).split('\r\n');
    expect(rows.slice(1, 3).map((r) => r.split(',').slice(0, 3).join())).toEqual([
      'lq3k2x-7-a9f,BN · conv 8/16 · 64 · bs 32 · lr 1e-3,1',
      'lq3k2x-7-a9f,BN · conv 8/16 · 64 · bs 32 · lr 1e-3,2',
    ]);
  });
});
