import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromStoredRun, toStoredRun } from '../persist/storedRun';
import { exportRunsJson, importRunsJson } from '../share/runsFile';
import { finishedRun } from '../share/testing/runFixture';
import { decodeShare } from '../share/urlCodec';
import type { ExperimentConfig } from './config';
import { disposeImageTensors, makeSplits, uploadImageSet, type ImageTensors } from './dataTensors';
import { migrateModel } from './migrate';
import { mlpFormOf } from './mlpForm';
import { RunControl } from './runControl';
import { parseExperiment } from './schema';
import { OLD_FORMS } from './testing/oldForms';
import { syntheticImageSet } from './testing/syntheticData';
import { runExperiment } from './train';

/**
 * The first two training losses of each of OLD_FORMS, as the engine before layer lists (commit
 * fd174ca, cpu backend, the data below) computed them: the migrated configs must train to the
 * very same numbers.
 */
const BEFORE_LAYER_LISTS: Record<string, [number, number]> = {
  tutorial: [2.966618299484253, 0.7942793965339661],
  notebookBn: [2.632423162460327, 2.2481093406677246],
  plainOffButAfter: [2.5189850330352783, 2.2431225776672363],
  layerNormAndSettings: [2.3082351684570312, 2.3016271591186523],
  noHidden: [3.356956720352173, 1.3841323852539062],
};

let train: ImageTensors;
let test: ImageTensors;

beforeAll(async () => {
  await tf.setBackend('cpu');
  train = uploadImageSet(syntheticImageSet(256, 3));
  test = uploadImageSet(syntheticImageSet(64, 9));
});

afterAll(() => {
  disposeImageTensors(train);
  disposeImageTensors(test);
});

async function firstLosses(config: ExperimentConfig): Promise<number[]> {
  const losses: number[] = [];
  await runExperiment(config, makeSplits(train, test, config.train), new RunControl(), {
    onSteps: (p) => losses.push(...p.loss),
    onEpoch() {},
    onLearningRate() {},
    onPaused() {},
    onResumed() {},
  });
  return losses.slice(0, 2);
}

const parsed = (raw: unknown): ExperimentConfig => {
  const r = parseExperiment(raw, 256);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.config;
};

describe('models saved before layer lists', () => {
  it.each(Object.keys(OLD_FORMS))('%s: read through the schema, trains to the same first losses as before, bit for bit', async (name) => {
    const config = parsed(OLD_FORMS[name]);
    expect(config.model.layers[0]).toEqual({ kind: 'flatten' });
    expect(await firstLosses(config)).toEqual(BEFORE_LAYER_LISTS[name]);
  });

  it.each(Object.keys(OLD_FORMS))('%s: a version 1 runs file and a version 1 stored run give the same config', (name) => {
    // The fixture run has 2 epochs of steps: its config must say so.
    const old = OLD_FORMS[name] as { train: object };
    const raw = { ...old, train: { ...old.train, epochs: 2 } };
    const expected = parsed(raw);
    const doc = JSON.parse(exportRunsJson([finishedRun()])) as { version: number; runs: { config: unknown }[] };
    doc.version = 1;
    doc.runs[0]!.config = raw;
    const imported = importRunsJson(JSON.stringify(doc), 60_000);
    expect(imported.errors).toEqual([]);
    expect(imported.runs[0]!.config).toEqual(expected);
    const stored = { ...toStoredRun(finishedRun()), version: 1, config: raw };
    const read = fromStoredRun(stored);
    expect(read.ok && read.run.config).toEqual(expected);
  });

  it('old links (layers, inbn, act, bnmom, bneps) read as the list they meant, in the form as before', () => {
    const { shared, ignored } = decodeShare('layers=128bn,64bna&inbn=1&act=tanh&bnmom=0.9&bneps=0.00001&init=0.1', 60_000);
    expect(ignored).toEqual([]);
    expect(shared.config.model).toEqual(
      parsed({
        model: {
          inputBatchNorm: true,
          activation: 'tanh',
          hidden: [
            { units: 128, batchNorm: true, bnPosition: 'before' },
            { units: 64, batchNorm: true, bnPosition: 'after' },
          ],
          bnMomentum: 0.9,
          bnEpsilon: 1e-5,
          initScale: 0.1,
        },
        train: OLD_FORMS.tutorial && (OLD_FORMS.tutorial as { train: unknown }).train,
      }).model,
    );
    expect(mlpFormOf(shared.config.model.layers)).toMatchObject({ inputBatchNorm: true, activation: 'tanh', bnMomentum: 0.9, bnEpsilon: 1e-5 });
  });

  it('leaves anything that is not an old model to the schema', () => {
    for (const value of [null, 3, 'x', [], { layers: [] }, { hidden: 'no' }]) expect(migrateModel(value)).toBe(value);
    expect(parseExperiment({ ...parsed(OLD_FORMS.tutorial), model: { hidden: 'no' } }, 256).ok).toBe(false);
  });
});
