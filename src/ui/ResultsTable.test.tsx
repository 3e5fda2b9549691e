// @vitest-environment jsdom
import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, expect, it } from 'vitest';
import type { RunRecord } from '../runs/runRecord';
import { createAppStore } from '../store/createAppStore';
import { fakeClient } from '../worker/testing/fakeClient';
import { ResultsTable } from './ResultsTable';
import { StoreProvider } from './StoreContext';
import { blankRun } from '../runs/testing/blankRun';

afterEach(cleanup);

const { client } = fakeClient();

/** A finished run whose epoch i (1-based) has validation accuracy `valAccuracy[i - 1]`. */
function run(id: string, valAccuracy: number[], patch: Partial<RunRecord> = {}): RunRecord {
  return blankRun({
    id,
    name: id,
    epochs: valAccuracy.map((accuracy, i) => ({ epoch: i + 1, step: i + 1, elapsedMs: i + 1, loss: 1 - accuracy, accuracy })),
    ...patch,
  });
}

function renderWith(runs: RunRecord[]) {
  const store = createAppStore({ client, baseUrl: 'http://x/' });
  act(() => void store.getState().addRuns(runs));
  render(
    <StoreProvider store={store}>
      <ResultsTable />
    </StoreProvider>,
  );
  return store;
}

/** The text of each cell in the row headed by `name`. */
const cells = (name: string) => Array.from(screen.getByRole('rowheader', { name }).closest('tr')!.cells, (c) => c.textContent!.trim());

it('lists finished runs with their test result, best validation accuracy, time and speed, and marks the best test accuracy in words', () => {
  renderWith([
    run('With BN', [0.9, 0.96, 0.96], {
      createdAt: 1,
      test: { loss: 0.08, accuracy: 0.9712 },
      progress: { step: 300, totalSteps: 300, epoch: 3, samplesSeen: 9600, elapsedMs: 65_000 },
    }),
    run('Without BN', [0.85, 0.93], {
      createdAt: 2,
      status: 'stopped',
      test: { loss: 0.21, accuracy: 0.9401 },
      progress: { step: 200, totalSteps: 300, epoch: 2, samplesSeen: 6400, elapsedMs: 4000 },
    }),
    run('Too fast', [0.5], { createdAt: 3, status: 'diverged', message: 'Diverged at step 12.' }),
    run('Broken', [], { createdAt: 4, status: 'failed' }),
  ]);
  const table = screen.getByTestId('results-table');
  expect(within(table).getByText('Results').tagName).toBe('CAPTION');
  expect(
    within(table)
      .getAllByRole('columnheader')
      .map((h) => h.textContent),
  ).toEqual(['Run', 'Status', 'Test loss', 'Test accuracy', 'Best val_accuracy', 'Time', 'Samples/s']);
  expect(cells('With BN')).toEqual(['With BN', 'Finished', '0.0800', 'best 0.9712', '0.9600 (epoch 2)', '1:05', '148']);
  expect(cells('Without BN')).toEqual(['Without BN', 'Stopped', '0.2100', '0.9401', '0.9300 (epoch 2)', '0:04', '1,600']);
  expect(cells('Too fast')).toEqual(['Too fast', 'Diverged', '—', '—', '0.5000 (epoch 1)', '0:00', '—']);
  expect(screen.queryByRole('rowheader', { name: 'Broken' })).toBeNull();
  expect(within(table).getAllByText('best')).toHaveLength(1);
});

it('gives no "best" badge when only one run has a test result', () => {
  renderWith([run('Only', [0.9], { test: { loss: 0.3, accuracy: 0.9 } }), run('Stopped early', [0.8], { status: 'stopped' })]);
  expect(cells('Only')[3]).toBe('0.9000');
  expect(screen.queryByText('best')).toBeNull();
});

it('renders nothing until a run has finished with an epoch or a test result', () => {
  const store = renderWith([run('Broken', [], { status: 'failed' })]);
  expect(screen.queryByTestId('results-table')).toBeNull();
  act(() => void store.getState().addRuns([run('Restored', [], { createdAt: 5, status: 'interrupted', test: { loss: 0.5, accuracy: 0.8 } })]));
  expect(cells('Restored')).toEqual(['Restored', 'Interrupted', '0.5000', '0.8000', '—', '0:00', '—']);
});
