import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import type { DatasetImages } from '../data/loadDataset';
import { defaultExperiment, type ExperimentConfig } from '../engine/config';
import { mlp } from '../engine/testing/mlp';
import { syntheticImageSet } from '../engine/testing/syntheticData';
import type { AutoMemory } from './autoMemory';
import type { BackendName, WorkerEvent } from './protocol';
import { createWorkerHandler } from './workerHandler';

const small = (batchSize: number): ExperimentConfig => ({
  ...defaultExperiment(),
  model: mlp([{ units: 8, batchNorm: true, bnPosition: 'before' }]),
  train: { ...defaultExperiment().train, batchSize, epochs: 1, trainLimit: 64 },
});

/** A handler whose backends all run on cpu but answer to their names, with a race of fake speeds. */
function setup(speeds: Partial<Record<BackendName, number>>) {
  const events: WorkerEvent[] = [];
  const races: number[] = [];
  const memory: AutoMemory = { recall: async () => null, remember: async () => null };
  const mnist: DatasetImages = { train: syntheticImageSet(128, 1), test: syntheticImageSet(32, 2) };
  const handle = createWorkerHandler((e) => events.push(e), {
    selectBackend: async (preferred) => {
      await tf.setBackend('cpu');
      return { name: preferred === 'auto' ? 'wasm' : preferred, detail: 'fake', fallbackReason: '' };
    },
    watchBackend: () => ({ isLost: () => false, stop: () => {} }),
    loadData: async () => mnist,
    auto: {
      candidates: () => ({ device: 'Fake GPU', names: ['webgl', 'wasm'] }),
      race: async (names, config) => {
        races.push(config.train.batchSize);
        await new Promise((r) => setTimeout(r, 20));
        return names.map((name) => ({ name, samplesPerS: speeds[name] ?? 1 }));
      },
      memory,
      now: () => 0,
    },
  });
  return { handle, events, races };
}

describe('the worker under Auto, with a race', () => {
  it('races on the expected experiment once the data is loaded, then a run trains on the winner without racing again', async () => {
    const { handle, events, races } = setup({ webgl: 50_000, wasm: 9_000 });
    await handle({ type: 'expectRun', config: small(16) });
    expect(races).toEqual([]);
    await handle({ type: 'loadData', baseUrl: 'http://x/' });
    expect(races).toEqual([16]);
    const types = events.map((e) => e.type);
    expect(types.slice(types.indexOf('dataReady'))).toEqual(['dataReady', 'backendRacing', 'backend', 'backendWarm']);
    const chosen = events.filter((e) => e.type === 'backend').at(-1);
    expect(chosen).toMatchObject({ backend: { name: 'webgl', autoReason: 'Auto chose WebGL: 50,000 samples/s against 9,000 on WebAssembly' } });

    await handle({ type: 'train', runId: 'r', config: small(16) });
    expect(races).toEqual([16]);
    expect(events.at(-1)).toMatchObject({ type: 'runEnded', runId: 'r', outcome: { status: 'completed' } });
  });

  it('a run of another size class, pressed while nothing trains, is raced for first; Train during a race waits for it', async () => {
    const { handle, events, races } = setup({ webgl: 1_000, wasm: 9_000 });
    await handle({ type: 'expectRun', config: small(16) });
    await handle({ type: 'loadData', baseUrl: 'http://x/' });
    const expecting = handle({ type: 'expectRun', config: small(64) });
    const training = handle({ type: 'train', runId: 'r', config: small(64) });
    await Promise.all([expecting, training]);
    expect(races).toEqual([16, 64]);
    const order = events.map((e) => e.type);
    expect(order.lastIndexOf('backendRacing')).toBeLessThan(order.indexOf('runStarted'));
    expect(events.at(-1)).toMatchObject({ type: 'runEnded', runId: 'r' });
  });

  it('after a recovery onto WebAssembly (a lost WebGL), Auto races no more until asked for again', async () => {
    const { handle, races } = setup({ webgl: 50_000, wasm: 9_000 });
    await handle({ type: 'expectRun', config: small(16) });
    await handle({ type: 'loadData', baseUrl: 'http://x/' });
    await handle({ type: 'recover', backend: 'wasm' });
    await handle({ type: 'expectRun', config: small(64) });
    expect(races).toEqual([16]);
    await handle({ type: 'init', backend: 'auto' });
    expect(races).toEqual([16, 64]);
  });
});
