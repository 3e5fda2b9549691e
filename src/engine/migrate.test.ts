import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExperimentConfig } from './config';
import { disposeImageTensors, makeSplits, uploadImageSet, type ImageTensors } from './dataTensors';
import { migrateModel } from './migrate';
import { RunControl } from './runControl';
import { parseExperiment } from './schema';
import { OLD_FORMS } from './testing/oldForms';
import { syntheticImageSet } from './testing/syntheticData';
import { runExperiment } from './train';

/**
 * The first two training losses of each of OLD_FORMS, as the engine before layer lists (commit
 * fd174ca, cpu backend, the data below) computed them, to the 9 digits that name a float32: the
 * migrated configs must train to the very same numbers.
 */
const BEFORE_LAYER_LISTS: Record<string, [number, number]> = {
  tutorial: [2.9666183, 0.794279397],
  notebookBn: [2.63242316, 2.24810934],
  plainOffButAfter: [2.51898503, 2.24312258],
  layerNormAndSettings: [2.30823517, 2.30162716],
  noHidden: [3.35695672, 1.38413239],
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
  it.each(Object.keys(OLD_FORMS))('%s: read through the schema, trains to the same first loss as before, bit for bit', async (name) => {
    const config = parsed(OLD_FORMS[name]);
    expect(config.model.layers[0]).toEqual({ kind: 'flatten' });
    const [first, second] = await firstLosses(config);
    const [before, secondBefore] = BEFORE_LAYER_LISTS[name]!.map(Math.fround);
    expect(first).toBe(before);
    // After one update too, except under Adam, whose rule changed on purpose afterwards (to Keras' formula).
    if (config.train.optimizer !== 'adam') expect(second).toBe(secondBefore);
    else expect(second).toBeCloseTo(secondBefore!, 1);
  });

  it('leaves anything that is not an old model to the schema', () => {
    for (const value of [null, 3, 'x', [], { layers: [] }, { hidden: 'no' }]) expect(migrateModel(value)).toBe(value);
    expect(parseExperiment({ ...parsed(OLD_FORMS.tutorial), model: { hidden: 'no' } }, 256).ok).toBe(false);
  });
});
