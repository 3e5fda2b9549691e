// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, expect, it } from 'vitest';
import type { RunRecord } from '../runs/runRecord';
import { createAppStore } from '../store/createAppStore';
import { fakeClient } from '../worker/testing/fakeClient';
import { ComparisonTable } from './ComparisonTable';
import { StoreProvider } from './StoreContext';
import { blankRun } from '../runs/testing/blankRun';

afterEach(cleanup);

const { client } = fakeClient();

let created = 0;
/** A finished run whose epoch i (1-based) has validation `[accuracy, loss]` = `val[i - 1]`. */
function run(name: string, groupId: string | null, val: [number, number][]): RunRecord {
  created += 1;
  return blankRun({
    id: name,
    name,
    groupId,
    createdAt: created,
    epochs: val.map(([accuracy, loss], i) => ({ epoch: i + 1, step: i + 1, elapsedMs: i + 1, loss, accuracy })),
  });
}

function renderWith(runs: RunRecord[]) {
  const store = createAppStore({ client, baseUrl: 'http://x/' });
  act(() => void store.getState().addRuns(runs));
  render(
    <StoreProvider store={store}>
      <ComparisonTable />
    </StoreProvider>,
  );
  return store;
}

/** The text of every body row's cells. */
const bodyRows = () =>
  Array.from(screen.getByTestId('comparison-table').querySelectorAll('tbody tr'), (tr) => Array.from((tr as HTMLTableRowElement).cells, (c) => c.textContent));

it('shows a pair epoch by epoch with a signed Δ of validation accuracy, first minus second', () => {
  renderWith([
    run('BN', 'g1', [
      [0.9, 0.35],
      [0.95, 0.2],
      [0.97, 0.1],
    ]),
    run('No BN', 'g1', [
      [0.92, 0.3],
      [0.94, 0.22],
    ]),
  ]);
  const table = within(screen.getByTestId('comparison-table')).getByRole('table');
  expect(table.querySelector('caption')!.textContent).toBe(
    'Difference per epoch Validation accuracy of each run at the end of every epoch; Δ = first − second.',
  );
  expect(
    within(table)
      .getAllByRole('columnheader')
      .map((h) => h.textContent!.trim()),
  ).toEqual(['Epoch', 'BN', 'No BN', 'Δ val_accuracy', 'val_accuracy', 'val_loss', 'val_accuracy', 'val_loss']);
  expect(bodyRows()).toEqual([
    ['1', '0.9000', '0.3500', '0.9200', '0.3000', '−0.0200'],
    ['2', '0.9500', '0.2000', '0.9400', '0.2200', '+0.0100'],
    ['3', '0.9700', '0.1000', '—', '—', '—'],
  ]);
  expect(screen.queryByLabelText('Comparison')).toBeNull();
});

it('has no Δ for three runs, and lets the user pick another comparison (newest first by default)', () => {
  renderWith([
    run('Old A', 'old', [[0.8, 0.5]]),
    run('Old B', 'old', [[0.9, 0.4]]),
    run('Single', null, [[0.7, 0.6]]),
    run('lr 1e-3', 'new', [[0.91, 0.3]]),
    run('lr 1e-2', 'new', [[0.93, 0.25]]),
    run('lr 1e-1', 'new', [[0.5, 1.5]]),
  ]);
  const select = screen.getByLabelText<HTMLSelectElement>('Comparison');
  expect(Array.from(select.options, (o) => o.textContent)).toEqual(['Old A vs Old B', 'lr 1e-3 vs lr 1e-2 vs lr 1e-1']);
  expect(select.value).toBe('new');
  expect(bodyRows()).toEqual([['1', '0.9100', '0.3000', '0.9300', '0.2500', '0.5000', '1.5000']]);
  expect(screen.queryByText(/Δ/)).toBeNull();
  expect(screen.getByText('Validation accuracy of each run at the end of every epoch.')).toBeTruthy();

  fireEvent.change(select, { target: { value: 'old' } });
  expect(bodyRows()).toEqual([['1', '0.8000', '0.5000', '0.9000', '0.4000', '−0.1000']]);
  expect(screen.queryByText('Single')).toBeNull();
});

it('renders nothing without a comparison group, and appears when one is added', () => {
  const store = renderWith([run('Alone', null, [[0.9, 0.3]])]);
  expect(screen.queryByTestId('comparison-table')).toBeNull();
  act(() => void store.getState().addRuns([run('X', 'g', []), run('Y', 'g', [])]));
  expect(bodyRows()).toEqual([['No epoch has finished yet.']]);
});
