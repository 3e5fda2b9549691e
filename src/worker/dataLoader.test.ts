import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError } from '../data/dataError';
import type { DatasetImages } from '../data/loadDataset';
import type { DatasetId } from '../engine/config';
import { syntheticImageSet } from '../engine/testing/syntheticData';
import { createDataLoader } from './dataLoader';
import { createLoadedData } from './loadedData';
import type { BackendInfo, WorkerEvent } from './protocol';

const wasm: BackendInfo = { name: 'wasm', detail: 'test', fallbackReason: '' };
const images = (): DatasetImages => ({ train: syntheticImageSet(32, 1), test: syntheticImageSet(8, 2) });

/** A loader whose loads wait until the test resolves or rejects them; data goes to the cpu backend. */
function setup(training = false) {
  const events: WorkerEvent[] = [];
  const pending = new Map<DatasetId, { resolve(d: DatasetImages): void; reject(e: unknown): void }>();
  const data = createLoadedData();
  loaded.push(data);
  const load = createDataLoader((e) => events.push(e), data, {
    load: (_url, onProgress, dataset) =>
      new Promise((resolve, reject) => {
        onProgress({ loadedBytes: 1, totalBytes: 2 });
        pending.set(dataset, { resolve, reject });
      }),
    training: () => training,
    backend: async () => wasm,
    prepare: async () => {},
  });
  return { events, pending, data, load };
}

const loaded: ReturnType<typeof createLoadedData>[] = [];
beforeAll(() => tf.setBackend('cpu'));
afterAll(() => loaded.forEach((d) => d.dispose()));

describe('the data loader', () => {
  it('makes the loaded dataset the one runs train on and says it is ready', async () => {
    const { events, pending, data, load } = setup();
    const done = load('http://x/', 'fashion');
    pending.get('fashion')!.resolve(images());
    await done;
    expect(data.dataset()).toBe('fashion');
    expect(events.map((e) => e.type)).toEqual(['dataProgress', 'dataReady']);
    expect(events.at(-1)).toEqual({ type: 'dataReady', dataset: 'fashion', trainCount: 32, testCount: 8 });
  });

  it('drops a load superseded by another, saying nothing more about it', async () => {
    const { events, pending, data, load } = setup();
    const first = load('http://x/', 'fashion');
    const second = load('http://x/', 'mnist');
    pending.get('fashion')!.resolve(images());
    pending.get('mnist')!.resolve(images());
    await Promise.all([first, second]);
    expect(data.dataset()).toBe('mnist');
    expect(events.filter((e) => e.type === 'dataReady')).toEqual([{ type: 'dataReady', dataset: 'mnist', trainCount: 32, testCount: 8 }]);
  });

  it('turns a failed load into dataError with its code', async () => {
    const { events, pending, load } = setup();
    const done = load('http://x/', 'mnist');
    pending.get('mnist')!.reject(new DataError('http', 'train-images-idx3-ubyte.gz', 'the server answered 404'));
    await done;
    expect(events.at(-1)).toMatchObject({ type: 'dataError', dataset: 'mnist', code: 'http' });
  });

  it('refuses another dataset while runs train, naming both', async () => {
    const { events, pending, load } = setup(true);
    await load('http://x/', 'fashion');
    expect(pending.size).toBe(0);
    expect(events).toEqual([
      { type: 'dataError', dataset: 'fashion', code: 'unknown', message: 'Runs are training on MNIST: stop them before switching to Fashion-MNIST.' },
    ]);
  });
});
