import { describe, expect, it } from 'vitest';
import { defaultExperiment } from '../engine/config';
import { fakeClient } from '../worker/testing/fakeClient';
import { createAppStore } from './createAppStore';

function setup() {
  const { client, sent, emit } = fakeClient();
  const store = createAppStore({ client, baseUrl: 'http://x/' });
  const runOf = (id: string) => store.getState().runs.find((r) => r.id === id)!;
  emit({ type: 'backend', backend: { name: 'webgl', detail: 'SwiftShader (software)', fallbackReason: '' } });
  return { store, sent, emit, runOf };
}

const progress = (step: number) => ({ step, totalSteps: 100, epoch: 1, samplesSeen: step * 32, elapsedMs: step * 10 });

/** Starts a pair of runs on "webgl" and delivers `steps` steps of each. */
function trainingPair(steps: number) {
  const t = setup();
  const base = defaultExperiment();
  t.store.getState().startPlan([[base, { ...base, train: { ...base.train, learningRate: 0.01 } }]]);
  const ids = t.sent.flatMap((c) => (c.type === 'train' ? [c.runId] : []));
  for (const runId of ids) {
    t.emit({ type: 'runStarted', runId, totalSteps: 100, stepsPerEpoch: 50, trainCount: 1600 });
    t.emit({ type: 'steps', runId, firstStep: 1, loss: new Float32Array(steps).fill(2), accuracy: new Float32Array(steps), progress: progress(steps) });
  }
  return { ...t, ids };
}

describe('runs slice: a lost GPU context', () => {
  it('pauses the halted runs with a message, keeps their charts, and continues them on WebAssembly when asked', () => {
    const { store, sent, emit, runOf, ids } = trainingPair(7);
    const [a, b] = ids as [string, string];
    emit({
      type: 'backendLost',
      reason: 'The GPU context was lost',
      runs: [
        { runId: a, step: 7 },
        { runId: b, step: 7 },
      ],
    });
    expect(store.getState().backendLoss).toEqual({ reason: 'The GPU context was lost', runIds: [a, b] });
    expect(runOf(a)).toMatchObject({ status: 'paused', message: 'The GPU context was lost at step 7. Continue on WebAssembly?' });
    expect(runOf(a).series.length).toBe(7);

    store.getState().continueOnWasm();
    expect(sent.at(-1)).toEqual({ type: 'recover', backend: 'wasm' });
    expect(store.getState()).toMatchObject({ backendLoss: null, backendPreference: 'wasm' });
    expect(runOf(a)).toMatchObject({ status: 'starting', message: null });

    emit({ type: 'backend', backend: { name: 'wasm', detail: 'WebAssembly', fallbackReason: 'The GPU context was lost' } });
    emit({ type: 'resumed', runId: a });
    emit({ type: 'steps', runId: a, firstStep: 8, loss: new Float32Array([1, 1]), accuracy: new Float32Array(2), progress: progress(9) });
    expect(runOf(a)).toMatchObject({ status: 'training', backend: 'webgl (SwiftShader (software)), then wasm (WebAssembly)' });
    expect(runOf(a).series.length).toBe(9);
  });

  it('Resume (or Space) after a loss continues on WebAssembly rather than asking the lost backend', () => {
    const { store, sent, emit, ids } = trainingPair(3);
    emit({ type: 'backendLost', reason: 'The GPU context was lost', runs: ids.map((runId) => ({ runId, step: 3 })) });
    store.getState().resumeRuns();
    expect(sent.filter((c) => c.type === 'resume')).toEqual([]);
    expect(sent.at(-1)).toEqual({ type: 'recover', backend: 'wasm' });
  });

  it('moves to WebAssembly at once when nothing was training, or once the last halted run is stopped', () => {
    const idle = setup();
    idle.emit({ type: 'backendLost', reason: 'The GPU context was lost', runs: [] });
    expect(idle.sent.at(-1)).toEqual({ type: 'recover', backend: 'wasm' });
    expect(idle.store.getState().backendLoss).toBeNull();

    const { store, sent, emit, runOf, ids } = trainingPair(4);
    emit({ type: 'backendLost', reason: 'The GPU context was lost', runs: ids.map((runId) => ({ runId, step: 4 })) });
    store.getState().stopRuns();
    expect(sent.filter((c) => c.type === 'stop')).toHaveLength(2);
    emit({ type: 'runEnded', runId: ids[0]!, outcome: { status: 'stopped', elapsedMs: 40, steps: 4 } });
    expect(sent.filter((c) => c.type === 'recover')).toHaveLength(0);
    emit({ type: 'runEnded', runId: ids[1]!, outcome: { status: 'stopped', elapsedMs: 40, steps: 4 } });
    expect(sent.filter((c) => c.type === 'recover')).toHaveLength(1);
    expect(runOf(ids[1]!)).toMatchObject({ status: 'stopped', message: 'Stopped at step 4.' });
  });

  it('forgets the loss when the worker itself dies (its runs are gone)', () => {
    const { store, emit, ids } = trainingPair(2);
    emit({ type: 'backendLost', reason: 'The GPU context was lost', runs: ids.map((runId) => ({ runId, step: 2 })) });
    emit({ type: 'workerError', fatal: true, message: 'crashed' });
    expect(store.getState().backendLoss).toBeNull();
  });
});
