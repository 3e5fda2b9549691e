import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultExperiment } from '../engine/config';
import type { WorkerCommand } from '../worker/protocol';
import { fakeClient } from '../worker/testing/fakeClient';
import { createAppStore } from './createAppStore';
import { parseDraft } from './draft';
import { LEARNING_RATE_DEBOUNCE_MS } from './settingsSlice';

const progress = { step: 2, totalSteps: 100, epoch: 1, samplesSeen: 64, elapsedMs: 50 };

describe('app store', () => {
  let fake: ReturnType<typeof fakeClient>;
  let store: ReturnType<typeof createAppStore>;
  beforeEach(() => {
    fake = fakeClient();
    store = createAppStore({ client: fake.client, baseUrl: 'http://x/app/' });
  });
  afterEach(() => vi.useRealTimers());

  it('loads data through the worker and tracks progress, readiness and errors', () => {
    store.getState().loadData();
    expect(fake.sent).toEqual([{ type: 'loadData', baseUrl: 'http://x/app/', dataset: 'mnist' }]);
    expect(store.getState().data.status).toBe('loading');
    fake.emit({ type: 'dataProgress', loadedBytes: 10, totalBytes: 100 });
    expect(store.getState().data.loadedBytes).toBe(10);
    fake.emit({ type: 'dataReady', trainCount: 60000, testCount: 10000 });
    expect(store.getState().data).toMatchObject({ status: 'ready', trainCount: 60000, testCount: 10000 });
    store.getState().loadData();
    fake.emit({ type: 'dataError', code: 'checksum', message: 'bad file' });
    expect(store.getState().data).toMatchObject({ status: 'error', error: 'bad file' });
  });

  const trainCommands = () => fake.sent.filter((c): c is Extract<WorkerCommand, { type: 'train' }> => c.type === 'train');
  const runOf = (id: string) => store.getState().runs.find((r) => r.id === id)!;
  const ended = (runId: string) => fake.emit({ type: 'runEnded', runId, outcome: { status: 'stopped', elapsedMs: 5, steps: 1 } });

  it('follows a run from start to finish and ignores events of other runs', () => {
    store.getState().startRun(defaultExperiment());
    const runId = trainCommands()[0]!.runId;
    expect(runOf(runId)).toMatchObject({ name: 'BN · 128/64 · bs 32 · lr 1e-3', status: 'starting', visible: true });
    fake.emit({ type: 'runStarted', runId, totalSteps: 100, stepsPerEpoch: 50, trainCount: 1600 });
    fake.emit({ type: 'steps', runId, firstStep: 1, loss: new Float32Array([2, 1]), accuracy: new Float32Array([0.1, 0.5]), progress });
    fake.emit({ type: 'steps', runId: 'other', firstStep: 1, loss: new Float32Array([9]), accuracy: new Float32Array([0]), progress });
    fake.emit({ type: 'epoch', runId, point: { epoch: 1, step: 50, loss: 0.5, accuracy: 0.9, elapsedMs: 100 } });
    fake.emit({ type: 'learningRate', runId, step: 2, learningRate: 0.01 });
    const run = runOf(runId);
    expect(run.status).toBe('training');
    expect(Array.from(run.series.loss.subarray(0, run.series.length))).toEqual([2, 1]);
    expect(run.timeMarks).toEqual([{ step: 2, elapsedMs: 50 }]);
    expect(run.epochs).toHaveLength(1);
    expect(run.learningRateMarks).toEqual([{ step: 2, learningRate: 0.01 }]);
    store.getState().pauseRuns();
    expect(fake.sent.at(-1)).toEqual({ type: 'pause', runId });
    fake.emit({ type: 'paused', runId });
    expect(runOf(runId).status).toBe('paused');
    // One experiment at a time: Train while another trains does nothing.
    store.getState().startRun(defaultExperiment());
    expect(trainCommands()).toHaveLength(1);
    fake.emit({ type: 'runEnded', runId, outcome: { status: 'diverged', step: 7, elapsedMs: 5, reason: 'nonFinite', loss: Number.NaN } });
    expect(runOf(runId)).toMatchObject({ status: 'diverged' });
    expect(runOf(runId).message).toMatch(/^Diverged at step 7/);
    fake.emit({ type: 'runEnded', runId, outcome: { status: 'diverged', step: 9, elapsedMs: 5, reason: 'exploded', loss: 41.25 } });
    expect(runOf(runId).message).toMatch(/^Diverged at step 9: the loss rose to 41.3/);
  });

  it('trains a paired comparison together and a sweep one group after another', () => {
    const base = defaultExperiment();
    const small = { ...base, train: { ...base.train, batchSize: 16 } };
    const large = { ...base, train: { ...base.train, batchSize: 256 } };
    store.getState().startPlan([[base, small]]);
    const pair = trainCommands();
    expect(pair).toHaveLength(2);
    const [a, b] = pair.map((c) => runOf(c.runId));
    expect(a!.groupId).not.toBeNull();
    expect(a!.groupId).toBe(b!.groupId);
    expect(a!.colorIndex).not.toBe(b!.colorIndex);
    ended(a!.id);
    ended(b!.id);

    store.getState().startPlan([[small], [large], [base]]);
    expect(trainCommands()).toHaveLength(3);
    expect(store.getState().runs.filter((r) => r.status === 'queued')).toHaveLength(2);
    ended(trainCommands()[2]!.runId);
    expect(trainCommands()).toHaveLength(4);
    expect(trainCommands()[3]!.config.train.batchSize).toBe(256);
    store.getState().cancelQueue();
    ended(trainCommands()[3]!.runId);
    expect(trainCommands()).toHaveLength(4);
    expect(store.getState().runs.map((r) => r.status)).toEqual(['stopped', 'stopped', 'stopped', 'stopped']);
    // Names stay readable and distinct.
    expect(new Set(store.getState().runs.map((r) => r.name)).size).toBe(4);
  });

  it('renames, hides, deletes and clears runs; a deleted training run is stopped', () => {
    store.getState().startRun(defaultExperiment());
    const id = trainCommands()[0]!.runId;
    store.getState().renameRun(id, '  my run  ');
    store.getState().renameRun(id, '   ');
    store.getState().setRunVisible(id, false);
    expect(runOf(id)).toMatchObject({ name: 'my run', visible: false });
    store.getState().deleteRun(id);
    expect(fake.sent.at(-1)).toEqual({ type: 'stop', runId: id });
    expect(store.getState().runs).toEqual([]);
    store.getState().startRun(defaultExperiment());
    store.getState().clearRuns();
    expect(store.getState().runs).toEqual([]);
  });

  it('sends a new learning rate to the training runs once typing settles, unless they are compared on it', () => {
    vi.useFakeTimers();
    store.getState().startRun(defaultExperiment());
    const runId = trainCommands()[0]!.runId;
    store.getState().setDraft({ learningRate: '0.0' });
    store.getState().setDraft({ learningRate: '0.01' });
    store.getState().setDraft({ learningRate: '0.015' });
    vi.advanceTimersByTime(LEARNING_RATE_DEBOUNCE_MS + 1);
    const lrCommands = () => fake.sent.filter((c) => c.type === 'setLearningRate');
    expect(lrCommands()).toEqual([{ type: 'setLearningRate', runId, learningRate: 0.015 }]);
    store.getState().setDraft({ learningRate: '-1' });
    vi.advanceTimersByTime(LEARNING_RATE_DEBOUNCE_MS + 1);
    expect(lrCommands()).toHaveLength(1);
    ended(runId);
    const base = defaultExperiment();
    store.getState().startPlan([[base, { ...base, train: { ...base.train, learningRate: 0.1 } }]]);
    store.getState().setDraft({ learningRate: '0.02' });
    vi.advanceTimersByTime(LEARNING_RATE_DEBOUNCE_MS + 1);
    expect(lrCommands()).toHaveLength(1);
  });

  it('marks training runs failed when the worker dies, keeping what they had drawn, and reloads the data', () => {
    store.getState().startPlan([[defaultExperiment()], [defaultExperiment()]]);
    const runId = trainCommands()[0]!.runId;
    fake.emit({ type: 'runStarted', runId, totalSteps: 10, stepsPerEpoch: 10, trainCount: 320 });
    fake.emit({ type: 'steps', runId, firstStep: 1, loss: new Float32Array([2]), accuracy: new Float32Array([0.1]), progress });
    fake.emit({ type: 'workerError', fatal: true, message: 'out of memory' });
    expect(store.getState().runs).toHaveLength(1);
    const run = runOf(runId);
    expect(run.status).toBe('failed');
    expect(run.series.length).toBe(1);
    expect(store.getState().workerError).toMatch(/^out of memory The worker was restarted/);
    // The replacement worker is given the data again.
    expect(fake.sent.at(-1)).toEqual({ type: 'loadData', baseUrl: 'http://x/app/', dataset: 'mnist' });
    expect(store.getState().data.status).toBe('loading');
  });

  it('edits layers in the draft and validates them by field', () => {
    const s = store.getState();
    s.addLayer();
    const layers = store.getState().draft.layers;
    expect(layers).toHaveLength(3);
    store.getState().updateLayer(layers[2]!.id, { units: '0' });
    store.getState().setDraft({ batchSize: 'abc' });
    const r = parseDraft(store.getState().draft, 60000);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors['model.hidden.2.units']).toBe('Units must be at least 1');
      expect(r.errors['train.batchSize']).toBe('Batch size must be a number');
    }
    store.getState().removeLayer(layers[2]!.id);
    store.getState().setDraft({ batchSize: '32' });
    expect(parseDraft(store.getState().draft, 60000)).toEqual({ ok: true, config: defaultExperiment() });
  });
});
