// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, expect, it } from 'vitest';
import { applySharedLink } from '../store/applySharedLink';
import { createAppStore } from '../store/createAppStore';
import { fakeClient } from '../worker/testing/fakeClient';
import { ComparePanel } from './ComparePanel';
import { ModelPanel } from './ModelPanel';
import { PresetsPanel } from './PresetsPanel';
import { SharePanel } from './SharePanel';
import { StoreProvider } from './StoreContext';
import { TrainingPanel } from './TrainingPanel';

afterEach(cleanup);

const { client } = fakeClient();

function renderPanels(search: string) {
  const store = createAppStore({ client, baseUrl: 'http://x/' });
  applySharedLink(store, search);
  render(
    <StoreProvider store={store}>
      <PresetsPanel />
      <ModelPanel />
      <TrainingPanel />
      <ComparePanel />
      <SharePanel />
    </StoreProvider>,
  );
  return store;
}

const heading = (name: string) => screen.queryByRole('heading', { name });
const field = (name: string) => screen.queryByLabelText(name, { exact: true });
const summaryTable = () => screen.queryByText('Model summary', { selector: 'caption' });

it('a link hides the controls it names, keeps their values, and shows the rest', () => {
  const store = renderPanels('?hide=batchsize,optimizer,compare,layers&bs=64&opt=sgd');
  expect(store.getState().notices).toEqual([]);
  expect(field('Batch size')).toBeNull();
  expect(field('Optimizer')).toBeNull();
  expect(heading('Compare')).toBeNull();
  expect(screen.queryByRole('button', { name: 'Add hidden layer' })).toBeNull();
  expect(field('Units')).toBeNull();
  expect(store.getState().draft).toMatchObject({ batchSize: '64', optimizer: 'sgd' });
  // What the exercise is about stays: the BatchNorm switches, epochs, the learning rate.
  expect(screen.getAllByRole('switch', { name: 'BatchNorm' })).toHaveLength(2);
  expect(field('Epochs')).not.toBeNull();
  expect(field('Learning rate')).not.toBeNull();
  expect(heading('Presets')).not.toBeNull();
  expect(heading('Share')).not.toBeNull();
  // The Share panel starts from the link's hidden set, so the link can be passed on as it came.
  expect(screen.getByRole('button', { name: 'Batch size' }).getAttribute('aria-pressed')).toBe('true');
  expect(screen.getByRole('button', { name: 'Epochs' }).getAttribute('aria-pressed')).toBe('false');
  act(() => screen.getByRole('button', { name: 'Epochs' }).click());
  expect((screen.getByLabelText('Link to this experiment') as HTMLInputElement).value).toMatch(/&hide=layers,batchsize,epochs,optimizer,compare$/);
  act(() => screen.getByRole('button', { name: 'Epochs' }).click());
  expect((screen.getByLabelText('Link to this experiment') as HTMLInputElement).value).toMatch(/&hide=layers,batchsize,optimizer,compare$/);
});

it('hides a whole panel when every control in it is hidden', () => {
  renderPanels('?hide=batchsize,epochs,optimizer,learningrate,seed,backend,presets');
  expect(heading('Training')).toBeNull();
  expect(heading('Presets')).toBeNull();
  expect(heading('Model')).not.toBeNull();
});

it('presenter mode hides Share, the model summary, seed and backend, and brings them back when off', () => {
  const store = renderPanels('');
  expect(heading('Share')).not.toBeNull();
  expect(summaryTable()).not.toBeNull();
  act(() => store.getState().setPresenter(true));
  expect(heading('Share')).toBeNull();
  expect(summaryTable()).toBeNull();
  expect(field('Random seed')).toBeNull();
  expect(field('Backend')).toBeNull();
  expect(screen.getAllByRole('switch', { name: 'BatchNorm' })).toHaveLength(2);
  expect(field('Batch size')).not.toBeNull();
  act(() => store.getState().setPresenter(false));
  expect(heading('Share')).not.toBeNull();
});
