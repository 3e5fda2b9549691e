import * as tf from '@tensorflow/tfjs-core';
import { mlp } from '../engine/testing/mlp';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { DataError } from '../data/dataError';
import type { DatasetImages } from '../data/loadDataset';
import { defaultExperiment } from '../engine/config';
import { syntheticImageSet } from '../engine/testing/syntheticData';
import type { BackendInfo, WorkerEvent } from './protocol';
import { createWorkerHandler, type HandlerDeps } from './workerHandler';

const cpu: BackendInfo = { name: 'cpu', detail: 'plain JavaScript', fallbackReason: '' };

/**
 * A handler on the cpu backend. `reportAs: 'asked'` names the backend as the one asked for, so a
 * "webgl" run keeps snapshots and `lose()` can play a lost WebGL context.
 */
function setup(loadData?: HandlerDeps['loadData'], reportAs: 'cpu' | 'asked' = 'cpu') {
  const events: WorkerEvent[] = [];
  const transfers: Transferable[][] = [];
  const mnist: DatasetImages = { train: syntheticImageSet(320, 1), test: syntheticImageSet(100, 2) };
  let onLost: ((reason: string) => void) | null = null;
  let contextLost = false;
  const handle = createWorkerHandler(
    (e, transfer = []) => {
      events.push(e);
      transfers.push(transfer);
    },
    {
      selectBackend: async (preferred) => {
        await tf.setBackend('cpu');
        contextLost = false;
        // Auto, in this fake, picks WebGL as it would on a GPU.
        return reportAs === 'cpu' ? cpu : { ...cpu, name: preferred === 'auto' ? 'webgl' : preferred };
      },
      watchBackend: (listener) => {
        onLost = listener;
        return { isLost: () => contextLost, stop: () => (onLost = null) };
      },
      loadData:
        loadData ??
        (async (_base, onProgress) => {
          onProgress({ loadedBytes: 5, totalBytes: 10 });
          onProgress({ loadedBytes: 10, totalBytes: 10 });
          return mnist;
        }),
    },
  );
  const waitFor = async (type: WorkerEvent['type'], count = 1) => {
    for (let i = 0; i < 2000 && events.filter((e) => e.type === type).length < count; i++) await new Promise((r) => setTimeout(r, 5));
    return events.find((e) => e.type === type);
  };
  const lose = () => {
    contextLost = true;
    onLost?.('The GPU context was lost');
  };
  return { handle, events, transfers, waitFor, lose };
}

const smallConfig = () => {
  const c = defaultExperiment();
  c.model = { ...c.model, ...mlp([{ units: 16, batchNorm: true, bnPosition: 'before' }]) };
  c.train.epochs = 2;
  return c;
};

describe('worker handler (the protocol, without a real worker)', () => {
  it('loads data, reports the backend, trains a run and ends it, tagging every event with the run id', async () => {
    const { handle, events, transfers } = setup();
    await handle({ type: 'loadData', baseUrl: 'http://x/' });
    expect(events.map((e) => e.type)).toEqual(['dataProgress', 'dataProgress', 'backend', 'dataReady']);
    expect(events.at(-1)).toEqual({ type: 'dataReady', dataset: 'mnist', trainCount: 320, testCount: 100 });

    const tensorsBefore = tf.memory().numTensors;
    await handle({ type: 'train', runId: 'r7', config: smallConfig() });
    const runEvents = events.filter((e) => 'runId' in e);
    expect(runEvents.every((e) => 'runId' in e && e.runId === 'r7')).toBe(true);
    expect(runEvents[0]).toEqual({ type: 'runStarted', runId: 'r7', totalSteps: 20, stepsPerEpoch: 10, trainCount: 320 });
    const steps = events.flatMap((e) => (e.type === 'steps' ? [e] : []));
    expect(steps.reduce((n, e) => n + e.loss.length, 0)).toBe(20);
    // Metric arrays travel as transferred buffers, not copies.
    const i = events.indexOf(steps[0]!);
    expect(transfers[i]).toEqual([steps[0]!.loss.buffer, steps[0]!.accuracy.buffer]);
    expect(events.filter((e) => e.type === 'epoch')).toHaveLength(2);
    const end = events.at(-1)!;
    expect(end.type).toBe('runEnded');
    if (end.type === 'runEnded') expect(end.outcome.status).toBe('completed');
    // The run's final model stays for predictions until it is dropped; then every tensor is gone.
    await handle({ type: 'dropModels', runIds: ['r7'] });
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it('on a GPU backend, compiles its programs on the loaded data after dataReady and says so; not on wasm', async () => {
    const { handle, events } = setup(undefined, 'asked');
    const before = tf.memory().numTensors;
    await handle({ type: 'loadData', baseUrl: 'http://x/' });
    expect(events.map((e) => e.type)).toEqual(['dataProgress', 'dataProgress', 'backend', 'dataReady', 'backendWarm']);
    expect(events.at(-1)).toEqual({ type: 'backendWarm', backend: 'webgl' });
    await handle({ type: 'init', backend: 'wasm' });
    expect(events.slice(5).map((e) => e.type)).toEqual(['backend']);
    await handle({ type: 'init', backend: 'webgl' });
    expect(events.slice(6).map((e) => e.type)).toEqual(['backend', 'backendWarm']);
    // The warm-ups leave nothing behind: only the uploaded images remain.
    const images = 2 * 2;
    expect(tf.memory().numTensors - before).toBe(images);
  });

  it('pauses, resumes and stops the run it is asked about, and refuses a run id already training', async () => {
    const { handle, events, waitFor } = setup();
    await handle({ type: 'loadData', baseUrl: 'http://x/' });
    const config = smallConfig();
    config.train.epochs = 200;
    const running = handle({ type: 'train', runId: 'a', config });
    await waitFor('steps');
    await handle({ type: 'pause', runId: 'other' });
    await handle({ type: 'pause', runId: 'a' });
    await waitFor('paused');
    await handle({ type: 'train', runId: 'a', config });
    expect(events.find((e) => e.type === 'runFailed')).toMatchObject({ type: 'runFailed', runId: 'a' });
    await handle({ type: 'resume', runId: 'a' });
    await waitFor('resumed');
    await handle({ type: 'stop', runId: 'a' });
    await running;
    const end = events.at(-1)!;
    expect(end.type === 'runEnded' && end.outcome.status).toBe('stopped');
    expect(events.filter((e) => e.type === 'paused')).toHaveLength(1);
  });

  it('trains a pair side by side from the same start: runs differing only in learning rate share their first loss', async () => {
    const { handle, events } = setup();
    await handle({ type: 'loadData', baseUrl: 'http://x/' });
    const a = smallConfig();
    const b = { ...a, train: { ...a.train, learningRate: 0.05 } };
    await Promise.all([handle({ type: 'train', runId: 'a', config: a }), handle({ type: 'train', runId: 'b', config: b })]);
    const steps = events.filter((e): e is Extract<WorkerEvent, { type: 'steps' }> => e.type === 'steps');
    const first = (id: string) => steps.find((e) => e.runId === id)!;
    // Same weights, same first batch: the loss before any update is bit-identical.
    expect(first('a').loss[0]).toBe(first('b').loss[0]);
    expect(first('a').loss[1]).not.toBe(first('b').loss[1]);
    // Interleaved, not one after the other: b reports before a has finished.
    const order = events.filter((e) => e.type === 'steps' || e.type === 'runEnded').map((e) => `${e.type}:${'runId' in e ? e.runId : ''}`);
    expect(order.indexOf('steps:b')).toBeLessThan(order.indexOf('runEnded:a'));
    expect(events.filter((e) => e.type === 'runEnded')).toHaveLength(2);
  });

  it('turns a data failure into a dataError event with its code and message', async () => {
    const { handle, events } = setup(async () => {
      throw new DataError('http', 'train-labels-idx1-ubyte.gz', 'HTTP 404 Not Found. The data file is missing from this site.');
    });
    await handle({ type: 'loadData', baseUrl: 'http://x/' });
    const e = events.at(-1)!;
    expect(e.type).toBe('dataError');
    if (e.type === 'dataError') {
      expect(e.code).toBe('http');
      expect(e.message).toMatch(/^train-labels-idx1-ubyte\.gz: .*404/);
    }
  });

  it('ends a run whose loss turns NaN as diverged, naming the step', async () => {
    const { handle, events } = setup();
    await handle({ type: 'loadData', baseUrl: 'http://x/' });
    const config = smallConfig();
    // Far past what the form allows; the engine must still stop cleanly.
    config.train.optimizer = 'sgd';
    config.train.learningRate = 1e8;
    config.model = {
      ...config.model,
      ...mlp([
        { units: 32, batchNorm: false, bnPosition: 'before' },
        { units: 16, batchNorm: false, bnPosition: 'before' },
      ]),
    };
    await handle({ type: 'train', runId: 'r4', config });
    const end = events.at(-1)!;
    expect(end.type).toBe('runEnded');
    if (end.type === 'runEnded' && end.outcome.status === 'diverged') {
      const delivered = events.flatMap((e) => (e.type === 'steps' ? Array.from(e.loss) : []));
      expect(delivered.every(Number.isFinite)).toBe(true);
      expect(end.outcome.step).toBe(delivered.length + 1);
    } else {
      expect.unreachable(`expected a diverged outcome, got ${JSON.stringify(end)}`);
    }
  });

  it('refuses to train before the data is there, with a message', async () => {
    const { handle, events } = setup();
    await handle({ type: 'train', runId: 'r3', config: smallConfig() });
    expect(events.at(-1)).toEqual({ type: 'runFailed', runId: 'r3', message: 'The data is not loaded yet.' });
  });
});

type StepsEvent = Extract<WorkerEvent, { type: 'steps' }>;
const stepsOf = (events: WorkerEvent[], runId: string) => events.filter((e): e is StepsEvent => e.type === 'steps' && e.runId === runId);
const lossesOf = (events: WorkerEvent[], runId: string) => stepsOf(events, runId).flatMap((e) => Array.from(e.loss));

describe('worker handler: a lost WebGL context', () => {
  const pair = () => {
    const a = smallConfig();
    a.train.epochs = 6;
    return { a, b: { ...a, train: { ...a.train, learningRate: 0.01 } } };
  };

  it('halts every run, keeps what they delivered, and continues them on recover: every step once, as if never halted', async () => {
    const { a, b } = pair();
    const reference = setup();
    await reference.handle({ type: 'loadData', baseUrl: 'http://x/' });
    await Promise.all([reference.handle({ type: 'train', runId: 'a', config: a }), reference.handle({ type: 'train', runId: 'b', config: b })]);

    const { handle, events, waitFor, lose } = setup(undefined, 'asked');
    await handle({ type: 'loadData', baseUrl: 'http://x/' });
    const tensorsBefore = tf.memory().numTensors;
    const running = Promise.all([handle({ type: 'train', runId: 'a', config: a }), handle({ type: 'train', runId: 'b', config: b })]);
    await waitFor('steps', 3);
    lose();
    await running;
    const lost = events.find((e) => e.type === 'backendLost');
    if (lost?.type !== 'backendLost') return expect.unreachable('no backendLost event');
    expect(lost.reason).toBe('The GPU context was lost');
    // Each run halts at the last step it delivered; nothing more arrives, nothing ends.
    const delivered = (id: string) => lossesOf(events, id).length;
    expect(lost.runs).toEqual([
      { runId: 'a', step: delivered('a') },
      { runId: 'b', step: delivered('b') },
    ]);
    expect(delivered('a')).toBeLessThan(60);
    expect(events.filter((e) => e.type === 'backendLost')).toHaveLength(1);
    expect(events.some((e) => e.type === 'runEnded' || e.type === 'runFailed')).toBe(false);

    const resumedAt = events.length;
    await handle({ type: 'recover', backend: 'wasm' });
    const after = events.slice(resumedAt);
    expect(after[0]).toEqual({ type: 'backend', backend: { ...cpu, name: 'wasm', fallbackReason: 'The GPU context was lost' } });
    expect(after.filter((e) => e.type === 'resumed').map((e) => 'runId' in e && e.runId)).toEqual(['a', 'b']);
    for (const id of ['a', 'b']) {
      const firstAfter = stepsOf(after, id)[0]!;
      expect(firstAfter.firstStep).toBe(lost.runs.find((r) => r.runId === id)!.step + 1);
      // Bit-identical to the run that was never halted (same cpu kernels underneath).
      expect(lossesOf(events, id)).toEqual(lossesOf(reference.events, id));
      const epochs = events.filter((e) => e.type === 'epoch' && e.runId === id);
      expect(epochs.map((e) => e.type === 'epoch' && e.point.epoch)).toEqual([...Array(6).keys()].map((i) => i + 1));
      const end = events.find((e) => e.type === 'runEnded' && e.runId === id);
      expect(end?.type === 'runEnded' && end.outcome.status).toBe('completed');
    }
    // The halted models were freed and the data uploaded again: as many tensors as before, once
    // the two finished runs' kept models are dropped.
    await handle({ type: 'dropModels', runIds: ['a', 'b'] });
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it('ends a halted run asked to stop where it was halted', async () => {
    const { handle, events, waitFor, lose } = setup(undefined, 'asked');
    await handle({ type: 'loadData', baseUrl: 'http://x/' });
    const { a } = pair();
    const running = handle({ type: 'train', runId: 'a', config: a });
    await waitFor('steps', 2);
    lose();
    await running;
    const lost = events.find((e) => e.type === 'backendLost');
    await handle({ type: 'stop', runId: 'a' });
    const end = events.at(-1)!;
    expect(end.type === 'runEnded' && end.outcome).toMatchObject({ status: 'stopped', steps: lost?.type === 'backendLost' ? lost.runs[0]!.step : -1 });
  });

  it('when idle, says so with no runs; a run asked for before recovering is halted at step 0, then trains from the start', async () => {
    const { handle, events, lose } = setup(undefined, 'asked');
    await handle({ type: 'loadData', baseUrl: 'http://x/' });
    lose();
    expect(events.at(-1)).toEqual({ type: 'backendLost', reason: 'The GPU context was lost', runs: [] });
    const config = smallConfig();
    await handle({ type: 'train', runId: 'late', config });
    expect(events.at(-1)).toEqual({ type: 'backendLost', reason: 'The GPU context was lost', runs: [{ runId: 'late', step: 0 }] });
    await handle({ type: 'recover', backend: 'wasm' });
    expect(stepsOf(events, 'late')[0]!.firstStep).toBe(1);
    const end = events.at(-1)!;
    expect(end.type === 'runEnded' && end.outcome.status).toBe('completed');
  });
});
