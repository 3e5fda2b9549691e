// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, expect, it } from 'vitest';
import { defaultExperiment } from '../engine/config';
import { createAppStore } from '../store/createAppStore';
import type { WorkerEvent } from '../worker/protocol';
import { fakeClient } from '../worker/testing/fakeClient';
import { StatusLine } from './StatusLine';
import { StoreProvider } from './StoreContext';

afterEach(cleanup);

it('after a lost GPU context, says at which step the run paused and offers Continue on WebAssembly', () => {
  const fake = fakeClient();
  const { sent } = fake;
  const store = createAppStore({ client: fake.client, baseUrl: 'http://x/' });
  const emit = (e: WorkerEvent) => act(() => fake.emit(e));
  render(
    <StoreProvider store={store}>
      <StatusLine />
    </StoreProvider>,
  );
  act(() => store.getState().startRun(defaultExperiment()));
  const runId = store.getState().runs[0]!.id;
  emit({ type: 'runStarted', runId, totalSteps: 100, stepsPerEpoch: 50, trainCount: 1600 });
  const progress = { step: 12, totalSteps: 100, epoch: 1, samplesSeen: 384, elapsedMs: 900 };
  emit({ type: 'steps', runId, firstStep: 1, loss: new Float32Array(12).fill(1), accuracy: new Float32Array(12), progress });
  expect(screen.queryByRole('button', { name: 'Continue on WebAssembly' })).toBeNull();

  emit({ type: 'backendLost', reason: 'The GPU context was lost', runs: [{ runId, step: 12 }] });
  expect(screen.getByTestId('run-status').textContent).toBe('Paused');
  expect(screen.getByRole('status').textContent).toContain('The GPU context was lost at step 12. Continue on WebAssembly?');
  expect(screen.getByTestId('step').textContent).toBe('12');

  fireEvent.click(screen.getByRole('button', { name: 'Continue on WebAssembly' }));
  expect(sent.at(-1)).toEqual({ type: 'recover', backend: 'wasm' });
  expect(screen.queryByRole('button', { name: 'Continue on WebAssembly' })).toBeNull();
  expect(screen.getByTestId('run-status').textContent).toBe('Starting');
});
