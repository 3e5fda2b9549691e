import { describe, expect, it } from 'vitest';
import type { FeatureMaps } from '../engine/featureMaps';
import type { WorkerCommand } from '../worker/protocol';
import { fakeClient } from '../worker/testing/fakeClient';
import { createAppStore } from './createAppStore';

const pixels = new Uint8Array(784);
const maps: FeatureMaps = { blocks: [], filters: null, probabilities: new Float32Array(10) };

describe('feature maps in the store', () => {
  it('asks the worker for an image through a run and settles each answer by request id', async () => {
    const fake = fakeClient();
    const store = createAppStore({ client: fake.client, baseUrl: 'http://x/' });
    const asked = store.getState().askFeatureMaps('r', 7);
    const failed = store.getState().askFeatureMaps('r', 99);
    const commands = fake.sent.filter((c): c is Extract<WorkerCommand, { type: 'featureMaps' }> => c.type === 'featureMaps');
    expect(commands.map((c) => [c.runId, c.image])).toEqual([
      ['r', 7],
      ['r', 99],
    ]);
    fake.emit({ type: 'featureMapsError', requestId: commands[1]!.requestId, runId: 'r', message: 'no such image' });
    fake.emit({ type: 'featureMapsResult', requestId: commands[0]!.requestId, runId: 'r', image: 7, label: 3, pixels, maps });
    await expect(asked).resolves.toEqual({ image: 7, label: 3, pixels, maps });
    await expect(failed).rejects.toThrow('no such image');
    store.getState().setFeatureMapsView({ image: 12 });
    expect(store.getState().featureMapsView).toEqual({ runId: null, image: 12 });
  });

  it('fails waiting requests when the worker is replaced', async () => {
    const fake = fakeClient();
    const store = createAppStore({ client: fake.client, baseUrl: 'http://x/' });
    const asked = store.getState().askFeatureMaps('r', 7);
    fake.emit({ type: 'workerError', fatal: true, message: 'boom' });
    await expect(asked).rejects.toThrow(/crashed: boom/);
  });
});
