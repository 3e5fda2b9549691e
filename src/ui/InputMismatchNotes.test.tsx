// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, expect, it } from 'vitest';
import { defaultExperiment } from '../engine/config';
import type { InputStats, PixelStats } from '../engine/inputStats';
import { createAppStore } from '../store/createAppStore';
import type { WorkerEvent } from '../worker/protocol';
import { fakeClient } from '../worker/testing/fakeClient';
import { InputMismatchNotes } from './InputMismatchNotes';
import { RunsList } from './RunsList';
import { StoreProvider } from './StoreContext';

afterEach(cleanup);

const train: PixelStats = { mean: 0.1307 / 255, std: 0.3081 / 255, max: 1 / 255, images: 50_000 };
const test: PixelStats = { mean: 0.1325, std: 0.3105, max: 1, images: 10_000 };

function setup() {
  const fake = fakeClient();
  const store = createAppStore({ client: fake.client, baseUrl: 'http://x/' });
  render(
    <StoreProvider store={store}>
      <InputMismatchNotes />
      <RunsList />
    </StoreProvider>,
  );
  return { store, emit: (e: WorkerEvent) => act(() => fake.emit(e)) };
}

it('warns beside the charts and flags the run when the worker reports evaluation inputs on another scale', () => {
  const { store, emit } = setup();
  act(() => store.getState().startRun(defaultExperiment()));
  const run = store.getState().runs[0]!;
  emit({ type: 'runStarted', runId: run.id, totalSteps: 10, stepsPerEpoch: 10, trainCount: 320 });
  expect(screen.queryByTestId('input-mismatch')).toBeNull();
  const stats: InputStats = { train, validation: test, test, validationIsTest: true };
  emit({ type: 'inputStats', runId: run.id, stats });
  expect(store.getState().runs[0]!.inputStats).toEqual(stats);
  expect(screen.getByTestId('input-mismatch').textContent).toMatch(
    new RegExp(
      `^Scaling mismatch in ${run.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\. Your test images are 259× brighter on average than your training images`,
    ),
  );
  expect(screen.getByText('⚠ Evaluation images scaled differently from training images')).toBeTruthy();
  // Hidden from the charts: no note (the runs list still flags it).
  act(() => store.getState().setRunVisible(run.id, false));
  expect(screen.queryByTestId('input-mismatch')).toBeNull();
});

it('says nothing when training and evaluation inputs match', () => {
  const { store, emit } = setup();
  act(() => store.getState().startRun(defaultExperiment()));
  const runId = store.getState().runs[0]!.id;
  emit({ type: 'runStarted', runId, totalSteps: 10, stepsPerEpoch: 10, trainCount: 320 });
  emit({ type: 'inputStats', runId, stats: { train: test, validation: test, test, validationIsTest: true } });
  expect(screen.queryByTestId('input-mismatch')).toBeNull();
  expect(screen.queryByText(/scaled differently/)).toBeNull();
});
