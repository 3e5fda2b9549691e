import { describe, expect, it } from 'vitest';
import { defaultExperiment } from '../engine/config';
import type { WorkerCommand } from '../worker/protocol';
import { fakeClient } from '../worker/testing/fakeClient';
import { createAppStore } from './createAppStore';

/** A store whose data has loaded, and the `expectRun` commands it sent. */
function ready() {
  const fake = fakeClient();
  const store = createAppStore({ client: fake.client, baseUrl: 'http://x/' });
  const expected = () => fake.sent.filter((c): c is Extract<WorkerCommand, { type: 'expectRun' }> => c.type === 'expectRun').map((c) => c.config);
  return { store, fake, expected };
}

describe('the page tells the worker what it would train next, so Auto can race on it', () => {
  it('nothing before the data is there; the form as it stands once it is', () => {
    const { store, fake, expected } = ready();
    store.getState().loadData();
    expect(expected()).toEqual([]);
    fake.emit({ type: 'dataReady', trainCount: 60000, testCount: 10000 });
    expect(expected()).toEqual([defaultExperiment()]);
  });

  it('again when the model or the batch size changes its size class, not for other edits or invalid forms', () => {
    const { store, fake, expected } = ready();
    store.getState().loadData();
    fake.emit({ type: 'dataReady', trainCount: 60000, testCount: 10000 });
    store.getState().setDraft({ learningRate: '0.01', epochs: '3' });
    store.getState().setDraft({ batchSize: 'lots' });
    expect(expected()).toHaveLength(1);
    store.getState().setDraft({ batchSize: '256' });
    expect(expected().map((c) => c.train.batchSize)).toEqual([32, 256]);
    store.getState().setDraft({ batchSize: '250' });
    expect(expected()).toHaveLength(2);
    store.getState().loadConfig({ ...defaultExperiment(), train: { ...defaultExperiment().train, batchSize: 32 } });
    expect(expected().map((c) => c.train.batchSize)).toEqual([32, 256, 32]);
  });
});
