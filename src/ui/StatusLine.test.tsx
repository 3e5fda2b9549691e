// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, expect, it } from 'vitest';
import { defaultExperiment } from '../engine/config';
import { createAppStore } from '../store/createAppStore';
import type { WorkerEvent } from '../worker/protocol';
import { fakeClient } from '../worker/testing/fakeClient';
import { StatusLine } from './StatusLine';
import { StoreProvider } from './StoreContext';

afterEach(cleanup);

function storeWithEvents() {
  const fake = fakeClient();
  const store = createAppStore({ client: fake.client, baseUrl: 'http://x/' });
  return { store, emit: (e: WorkerEvent) => act(() => fake.emit(e)) };
}

it('shows the backend, progress, and a diverged run as "Diverged at step N"', () => {
  const { store, emit } = storeWithEvents();
  render(
    <StoreProvider store={store}>
      <StatusLine />
    </StoreProvider>,
  );
  expect(screen.getByTestId('backend').textContent).toBe('starting…');
  emit({ type: 'backend', backend: { name: 'wasm', detail: 'WebAssembly', fallbackReason: 'webgl unavailable: no WebGL2 context' } });
  act(() => store.getState().startRun(defaultExperiment()));
  const runId = store.getState().runs[0]!.id;
  emit({ type: 'runStarted', runId, totalSteps: 1875, stepsPerEpoch: 1875, trainCount: 60000 });
  emit({
    type: 'steps',
    runId,
    firstStep: 1,
    loss: new Float32Array([2.3, 2.1]),
    accuracy: new Float32Array([0.1, 0.2]),
    progress: { step: 2, totalSteps: 1875, epoch: 1, samplesSeen: 64, elapsedMs: 100 },
  });
  expect(screen.getByTestId('backend').textContent).toBe('wasm · WebAssembly');
  expect(screen.getByText('(webgl unavailable: no WebGL2 context)')).toBeTruthy();
  expect(screen.getByText('640 samples/s')).toBeTruthy();
  emit({ type: 'runEnded', runId, outcome: { status: 'diverged', step: 3, elapsedMs: 120, reason: 'nonFinite', loss: Number.NaN } });
  expect(screen.getByTestId('run-status').textContent).toBe('Diverged');
  expect(screen.getByRole('status').textContent).toMatch(/^Diverged at step 3: the loss became NaN or infinite/);
});

it('says while WebGL compiles its programs for the loaded data, and stops saying it once the worker reports them warm', () => {
  const { store, emit } = storeWithEvents();
  render(
    <StoreProvider store={store}>
      <StatusLine />
    </StoreProvider>,
  );
  emit({ type: 'backend', backend: { name: 'webgl', detail: 'SwiftShader (software)', fallbackReason: '' } });
  // Not before the data is there: the warm-up runs on it.
  expect(screen.queryByTestId('backend-warming')).toBeNull();
  emit({ type: 'dataReady', trainCount: 60000, testCount: 10000 });
  expect(screen.getByTestId('backend-warming').textContent).toMatch(/compiling its GPU programs/);
  // A late report for a backend no longer in use changes nothing.
  emit({ type: 'backendWarm', backend: 'webgpu' });
  expect(screen.queryByTestId('backend-warming')).not.toBeNull();
  emit({ type: 'backendWarm', backend: 'webgl' });
  expect(screen.queryByTestId('backend-warming')).toBeNull();
  // WebAssembly compiles nothing ahead: no such note.
  emit({ type: 'backend', backend: { name: 'wasm', detail: 'WebAssembly', fallbackReason: '' } });
  expect(screen.queryByTestId('backend-warming')).toBeNull();
});

it('says while Auto times the backends, then what it chose with the measured speeds', () => {
  const { store, emit } = storeWithEvents();
  render(
    <StoreProvider store={store}>
      <StatusLine />
    </StoreProvider>,
  );
  emit({
    type: 'backend',
    backend: { name: 'wasm', detail: 'WebAssembly', fallbackReason: '', autoReason: 'Auto chose WebAssembly: WebGL runs in software here' },
  });
  emit({ type: 'backendRacing', backends: ['webgl', 'wasm'] });
  expect(screen.getByTestId('backend-racing').textContent).toBe('(Auto is timing WebGL against WebAssembly on this model, about a second)');
  // Not "chose" and "is timing" at once: the first pick is provisional while the race runs.
  expect(screen.queryByTestId('backend-reason')).toBeNull();
  const reason = 'Auto chose WebAssembly: 6,900 samples/s against 1,600 on WebGL';
  emit({ type: 'backend', backend: { name: 'wasm', detail: 'WebAssembly', fallbackReason: '', autoReason: reason } });
  expect(screen.queryByTestId('backend-racing')).toBeNull();
  expect(screen.getByTestId('backend-reason').textContent).toBe(`(${reason})`);
});
