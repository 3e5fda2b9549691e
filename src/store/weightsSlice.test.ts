import { describe, expect, it } from 'vitest';
import type { WorkerCommand } from '../worker/protocol';
import { fakeClient } from '../worker/testing/fakeClient';
import { createAppStore } from './createAppStore';

const setup = () => {
  const fake = fakeClient();
  const store = createAppStore({ client: fake.client, baseUrl: 'http://x/app/' });
  const asked = () => fake.sent.filter((c): c is Extract<WorkerCommand, { type: 'modelWeights' }> => c.type === 'modelWeights').at(-1)!;
  return { fake, store, asked };
};

describe('saving a trained model through the store', () => {
  it('asks the worker for a run’s weights and resolves with its answer, or rejects with its message', async () => {
    const { fake, store, asked } = setup();
    const answer = store.getState().requestWeights('r1');
    const { requestId } = asked();
    expect(asked()).toEqual({ type: 'modelWeights', requestId, runId: 'r1' });
    const values = new Float32Array([1, 2, 3]);
    fake.emit({ type: 'modelWeights', requestId: requestId + 1, runId: 'r1', shapes: [], values: new Float32Array(0) });
    fake.emit({ type: 'modelWeights', requestId, runId: 'r1', shapes: [[[3]]], values });
    await expect(answer).resolves.toEqual({ shapes: [[[3]]], values });

    const refused = store.getState().requestWeights('gone');
    fake.emit({ type: 'weightsError', requestId: asked().requestId, runId: 'gone', message: 'This run has no model in memory.' });
    await expect(refused).rejects.toThrow('This run has no model in memory.');
  });

  it('fails a waiting request when the worker crashes', async () => {
    const { fake, store } = setup();
    const answer = store.getState().requestWeights('r1');
    fake.emit({ type: 'workerError', fatal: true, message: 'boom' });
    await expect(answer).rejects.toThrow('The training worker crashed: boom');
  });
});
