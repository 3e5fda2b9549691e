// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { applySharedLink } from '../store/applySharedLink';
import { createAppStore } from '../store/createAppStore';
import { fakeClient } from '../worker/testing/fakeClient';
import { ModelPanel } from './ModelPanel';
import { StoreProvider } from './StoreContext';

afterEach(cleanup);

function renderPanel(search = '') {
  const store = createAppStore({ client: fakeClient().client, baseUrl: 'http://x/' });
  applySharedLink(store, search);
  render(
    <StoreProvider store={store}>
      <ModelPanel />
    </StoreProvider>,
  );
  return store;
}

const block = (n: number) => screen.getByRole('group', { name: `Block ${n}` });
const summaryRows = () =>
  within(screen.getByRole('table', { name: 'Model summary' }))
    .getAllByRole('row')
    .map((r) => r.textContent);
const choose = (scope: HTMLElement, label: string, value: string) =>
  fireEvent.change(within(scope).getByLabelText(label, { exact: true }), { target: { value } });
const type = (scope: HTMLElement, label: string, value: string) =>
  fireEvent.change(within(scope).getByLabelText(label, { exact: true }), { target: { value } });

describe('the Model panel with a convnet', () => {
  it('opens a convnet link in the convnet form, with the summary in Keras notation', () => {
    const store = renderPanel('?net=conv6x5,bn,sigmoid,avgpool2,conv16x5,bn,sigmoid,avgpool2,flat,d120,bn,sigmoid,d84,bn,sigmoid,d10');
    expect(store.getState().notices).toEqual([]);
    expect((screen.getByLabelText('Network', { exact: true }) as HTMLSelectElement).value).toBe('conv');
    expect(screen.queryByText(/neither form can show/)).toBeNull();
    expect((within(block(1)).getByLabelText('Filters', { exact: true }) as HTMLInputElement).value).toBe('6');
    expect((within(block(2)).getByLabelText('Kernel', { exact: true }) as HTMLSelectElement).value).toBe('5');
    expect(screen.getAllByRole('group', { name: /^Dense layer \d$/ })).toHaveLength(2);
    const rows = summaryRows();
    expect(rows[1]).toBe('conv2d (Conv2D)(None, 24, 24, 6)156');
    expect(rows).toContain('average_pooling2d_1 (AveragePooling2D)(None, 4, 4, 16)0');
    expect(rows).toContain('flatten (Flatten)(None, 256)0');
  });

  it('edits blocks, updating the summary, and refuses an impossible network beside the field that makes it, naming the block', () => {
    renderPanel();
    fireEvent.change(screen.getByLabelText('Network', { exact: true }), { target: { value: 'conv' } });
    expect(summaryRows()[1]).toBe('conv2d (Conv2D)(None, 28, 28, 8)80');
    type(block(1), 'Filters', '6');
    choose(block(1), 'Kernel', '5');
    choose(block(1), 'Padding', 'valid');
    expect(summaryRows()[1]).toBe('conv2d (Conv2D)(None, 24, 24, 6)156');
    act(() => screen.getByRole('button', { name: 'Add block' }).click());
    choose(block(2), 'Kernel', '5');
    choose(block(2), 'Padding', 'valid');
    choose(block(3), 'Kernel', '5');
    choose(block(3), 'Padding', 'valid');
    const kernel = within(block(3)).getByLabelText('Kernel', { exact: true });
    const message = 'Block 3 (Conv2D): A 5×5 kernel without padding is larger than its 4×4 input';
    expect(within(block(3)).getByRole('alert').textContent).toBe(message);
    expect(kernel.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(kernel.getAttribute('aria-describedby')!)!.textContent).toBe(message);
    expect(screen.queryByRole('table', { name: 'Model summary' })).toBeNull();
    // Moving the block up does not help (it is the last 4×4 input either way); removing it does.
    act(() => within(block(3)).getByRole('button', { name: 'Move up' }).click());
    expect(within(block(3)).getByRole('alert').textContent).toBe(message);
    act(() => within(block(3)).getByRole('button', { name: 'Remove block' }).click());
    expect(screen.queryByRole('alert')).toBeNull();
    expect(summaryRows()).toContain('max_pooling2d_1 (MaxPooling2D)(None, 4, 4, 8)0');
  });

  it('shows GroupNorm’s groups only for GroupNorm, and a bad count at its field', () => {
    renderPanel();
    fireEvent.change(screen.getByLabelText('Network', { exact: true }), { target: { value: 'conv' } });
    expect(within(block(1)).queryByLabelText('Groups', { exact: true })).toBeNull();
    choose(block(1), 'Normalization', 'groupNorm');
    type(block(1), 'Groups', '3');
    expect(within(block(1)).getByRole('alert').textContent).toBe('Block 1 (GroupNorm): 3 groups do not divide its 8 channels evenly');
    type(block(1), 'Groups', '4');
    expect(summaryRows()).toContain('group_normalization (GroupNormalization)(None, 28, 28, 8)16');
    choose(block(1), 'Normalization', 'none');
    expect((within(block(1)).getByLabelText('Before or after activation', { exact: true }) as HTMLSelectElement).disabled).toBe(true);
  });
});

describe('the convnet form, by keyboard and with controls hidden', () => {
  it('offers either form for a list neither can show (GroupNorm in a Dense layer)', () => {
    renderPanel('?net=conv8x3_same,gn4,relu,maxpool2,flat,d16,gn4,relu,d10');
    expect(screen.getByText(/This network is a list of 9 layers that neither form can show/)).toBeTruthy();
    expect(screen.queryByLabelText('Network', { exact: true })).toBeNull();
    act(() => screen.getByRole('button', { name: 'Edit a convnet in the form instead' }).click());
    expect((screen.getByLabelText('Network', { exact: true }) as HTMLSelectElement).value).toBe('conv');
    expect((within(block(1)).getByLabelText('Filters', { exact: true }) as HTMLInputElement).value).toBe('8');
    expect(screen.queryByText(/neither form can show/)).toBeNull();
  });

  it('keeps the focus on the button a block was moved with, at either end', () => {
    renderPanel();
    fireEvent.change(screen.getByLabelText('Network', { exact: true }), { target: { value: 'conv' } });
    type(block(1), 'Filters', '4');
    const down = within(block(1)).getByRole('button', { name: 'Move down' });
    down.focus();
    act(() => down.click());
    expect((within(block(2)).getByLabelText('Filters', { exact: true }) as HTMLInputElement).value).toBe('4');
    expect(document.activeElement).toBe(within(block(2)).getByRole('button', { name: 'Move down' }));
    // At the end it does nothing and stays focusable (aria-disabled, not disabled).
    act(() => (document.activeElement as HTMLButtonElement).click());
    expect(document.activeElement?.getAttribute('aria-disabled')).toBe('true');
    expect((within(block(2)).getByLabelText('Filters', { exact: true }) as HTMLInputElement).value).toBe('4');
  });

  it('a link that hides the layers shows each block in words, and keeps the norm switches', () => {
    renderPanel('?net=conv6x5,bn,sigmoid,avgpool2,conv16x5_s2_same,gn4,sigmoid,flat,d10&hide=layers,activation');
    expect(screen.queryByLabelText('Network', { exact: true })).toBeNull();
    expect(screen.queryByLabelText('Filters', { exact: true })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Add block' })).toBeNull();
    expect(within(block(1)).getByText('6 filters 5×5, stride 1, valid padding, average 2×2 pool')).toBeTruthy();
    expect(within(block(2)).getByText('16 filters 5×5, stride 2, same padding, no pool')).toBeTruthy();
    expect((within(block(2)).getByLabelText('Normalization', { exact: true }) as HTMLSelectElement).value).toBe('groupNorm');
    expect(within(block(2)).queryByLabelText('Activation', { exact: true })).toBeNull();
  });
});
