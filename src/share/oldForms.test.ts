import { describe, expect, it } from 'vitest';
import type { ExperimentConfig } from '../engine/config';
import { mlpFormOf } from '../engine/mlpForm';
import { parseExperiment } from '../engine/schema';
import { OLD_FORMS } from '../engine/testing/oldForms';
import { exportRunsJson, importRunsJson } from './runsFile';
import { finishedRun } from './testing/runFixture';
import { decodeShare } from './urlCodec';

const parsed = (raw: unknown): ExperimentConfig => {
  const r = parseExperiment(raw, 256);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.config;
};

describe('runs files and links from before layer lists', () => {
  it.each(Object.keys(OLD_FORMS))('%s: a version 1 runs file imports with the layer list its model meant', (name) => {
    // The fixture run has 2 epochs of steps: its config must say so.
    const old = OLD_FORMS[name] as { train: object };
    const raw = { ...old, train: { ...old.train, epochs: 2 } };
    const doc = JSON.parse(exportRunsJson([finishedRun()])) as { version: number; runs: { config: unknown }[] };
    doc.version = 1;
    doc.runs[0]!.config = raw;
    const imported = importRunsJson(JSON.stringify(doc), 60_000);
    expect(imported.errors).toEqual([]);
    expect(imported.runs[0]!.config).toEqual(parsed(raw));
  });

  it('old links (layers, inbn, act, bnmom, bneps) read as the list they meant, in the form as before', () => {
    const { shared, ignored } = decodeShare('layers=128bn,64bna&inbn=1&act=tanh&bnmom=0.9&bneps=0.00001&init=0.1', 60_000);
    expect(ignored).toEqual([]);
    const old = {
      inputBatchNorm: true,
      activation: 'tanh',
      hidden: [
        { units: 128, batchNorm: true, bnPosition: 'before' },
        { units: 64, batchNorm: true, bnPosition: 'after' },
      ],
      bnMomentum: 0.9,
      bnEpsilon: 1e-5,
      initScale: 0.1,
    };
    expect(shared.config.model).toEqual(parsed({ ...(OLD_FORMS.tutorial as object), model: old }).model);
    expect(mlpFormOf(shared.config.model.layers)).toMatchObject({ inputBatchNorm: true, activation: 'tanh', bnMomentum: 0.9, bnEpsilon: 1e-5 });
  });
});
