import { describe, expect, it } from 'vitest';
import { defaultExperiment } from '../engine/config';
import type { WorkerCommand } from '../worker/protocol';
import { fakeClient } from '../worker/testing/fakeClient';
import { createAppStore } from './createAppStore';
import { parseDraft } from './draft';

const setup = () => {
  const fake = fakeClient();
  const store = createAppStore({ client: fake.client, baseUrl: 'http://x/app/' });
  const sentOf = <T extends WorkerCommand['type']>(type: T) => fake.sent.filter((c): c is Extract<WorkerCommand, { type: T }> => c.type === type);
  /** Starts a run and plays it to the end with its model kept; returns its id. */
  const finishedRun = () => {
    store.getState().startRun(defaultExperiment());
    const runId = sentOf('train').at(-1)!.runId;
    fake.emit({ type: 'modelKept', runId, dataset: 'mnist' });
    fake.emit({ type: 'runEnded', runId, outcome: { status: 'stopped', elapsedMs: 5, steps: 1 } });
    return runId;
  };
  return { fake, store, sentOf, finishedRun };
};

describe('predictions in the store', () => {
  it('asks the worker and resolves with its answer, or rejects with its message', async () => {
    const { fake, store, sentOf, finishedRun } = setup();
    const runId = finishedRun();
    expect(store.getState().models).toEqual({ [runId]: 'mnist' });
    const asked = store.getState().predict(runId, { kind: 'test', dataset: 'mnist', start: 0, count: 1 });
    const command = sentOf('predict').at(-1)!;
    expect(command).toMatchObject({ runId, images: { kind: 'test', dataset: 'mnist', start: 0, count: 1 } });
    const probabilities = new Float32Array(10).fill(0.1);
    // An answer to another request changes nothing.
    fake.emit({ type: 'predictions', requestId: command.requestId + 100, runId, count: 1, probabilities, pixels: null, labels: null });
    fake.emit({ type: 'predictions', requestId: command.requestId, runId, count: 1, probabilities, pixels: new Uint8Array(784), labels: new Uint8Array([7]) });
    await expect(asked).resolves.toMatchObject({ count: 1, probabilities, labels: new Uint8Array([7]) });

    const refused = store.getState().predict('gone', { kind: 'drawing', pixels: new Float32Array(784) });
    fake.emit({ type: 'predictError', requestId: sentOf('predict').at(-1)!.requestId, runId: 'gone', message: 'This run has no model in memory' });
    await expect(refused).rejects.toThrow('This run has no model in memory');
  });

  it('frees the models of deleted and cleared runs, and of a run deleted before its model arrived', () => {
    const { fake, store, sentOf, finishedRun } = setup();
    const a = finishedRun();
    const b = finishedRun();
    store.getState().deleteRun(a);
    expect(sentOf('dropModels').at(-1)).toEqual({ type: 'dropModels', runIds: [a] });
    expect(store.getState().models).toEqual({ [b]: 'mnist' });
    store.getState().clearRuns();
    expect(sentOf('dropModels').at(-1)).toEqual({ type: 'dropModels', runIds: [b] });
    expect(store.getState().models).toEqual({});
    fake.emit({ type: 'modelKept', runId: 'unknown', dataset: 'fashion' });
    expect(sentOf('dropModels').at(-1)).toEqual({ type: 'dropModels', runIds: ['unknown'] });
    expect(store.getState().models).toEqual({});
    // The worker evicting a model: the store forgets it.
    const c = finishedRun();
    fake.emit({ type: 'modelsDropped', runIds: [c] });
    expect(store.getState().models).toEqual({});
  });

  it('forgets every model and fails waiting requests when the worker is replaced', async () => {
    const { fake, store, finishedRun } = setup();
    const runId = finishedRun();
    const waiting = store.getState().predict(runId, { kind: 'test', dataset: 'mnist', start: 0, count: 24 });
    fake.emit({ type: 'workerError', fatal: true, message: 'out of memory' });
    await expect(waiting).rejects.toThrow('The training worker crashed: out of memory');
    expect(store.getState().models).toEqual({});
  });
});

describe('the dataset choice in the store', () => {
  it('loads the chosen dataset once the first load has begun, drops a superseded load’s events, and trains runs that say which data', () => {
    const { fake, store, sentOf } = setup();
    // Before the first load (a link read at start-up), choosing sends nothing: the first load takes the choice.
    store.getState().setDraft({ dataset: 'fashion' });
    expect(sentOf('loadData')).toEqual([]);
    store.getState().loadData();
    expect(sentOf('loadData')).toEqual([{ type: 'loadData', baseUrl: 'http://x/app/', dataset: 'fashion' }]);
    store.getState().setDraft({ dataset: 'mnist' });
    expect(sentOf('loadData').at(-1)).toEqual({ type: 'loadData', baseUrl: 'http://x/app/', dataset: 'mnist' });
    expect(store.getState().data).toMatchObject({ status: 'loading', dataset: 'mnist' });
    // The Fashion-MNIST load was superseded: what it still reports is not shown.
    fake.emit({ type: 'dataProgress', dataset: 'fashion', loadedBytes: 99, totalBytes: 100 });
    fake.emit({ type: 'dataError', dataset: 'fashion', code: 'unknown', message: 'superseded' });
    expect(store.getState().data).toMatchObject({ status: 'loading', loadedBytes: 0, error: null });
    fake.emit({ type: 'dataReady', dataset: 'mnist', trainCount: 60000, testCount: 10000 });
    expect(store.getState().data).toMatchObject({ status: 'ready', dataset: 'mnist' });

    store.getState().setDraft({ dataset: 'fashion' });
    fake.emit({ type: 'dataReady', dataset: 'fashion', trainCount: 60000, testCount: 10000 });
    const parsed = parseDraft(store.getState().draft, 60000);
    expect(parsed.ok && parsed.config.dataset).toBe('fashion');
    if (parsed.ok) store.getState().startRun(parsed.config);
    const run = store.getState().runs.at(-1)!;
    expect(run.config.dataset).toBe('fashion');
    expect(run.name).toMatch(/Fashion-MNIST$/);
    // Opening a run's settings again (Edit a copy) brings its dataset back.
    store.getState().setDraft({ dataset: 'mnist' });
    store.getState().loadConfig(run.config);
    expect(store.getState().draft.dataset).toBe('fashion');
  });

  it('leaves MNIST out of the config, as runs from before the choice', () => {
    const { store } = setup();
    expect(parseDraft(store.getState().draft, 60000)).toEqual({ ok: true, config: defaultExperiment() });
  });
});
