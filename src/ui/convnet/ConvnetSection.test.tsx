// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, expect, it } from 'vitest';
import { defaultExperiment } from '../../engine/config';
import type { FeatureMaps } from '../../engine/featureMaps';
import type { LayerSpec } from '../../engine/layers/spec';
import { blankRun } from '../../runs/testing/blankRun';
import { createAppStore } from '../../store/createAppStore';
import type { WorkerCommand } from '../../worker/protocol';
import { fakeClient } from '../../worker/testing/fakeClient';
import { StoreProvider } from '../StoreContext';
import { ConvnetSection } from './ConvnetSection';

afterEach(cleanup);

/** conv 3@5×5 – BN – ReLU – max pool, flatten, Dense 10. */
const layers: LayerSpec[] = [
  { kind: 'conv2d', filters: 3, kernel: 5, stride: 1, padding: 'same' },
  { kind: 'batchNorm', momentum: 0.99, epsilon: 1e-3 },
  { kind: 'activation', fn: 'relu' },
  { kind: 'maxPool', size: 2 },
  { kind: 'flatten' },
  { kind: 'dense', units: 10 },
];

const maps = (): FeatureMaps => {
  const stage = (layer: number, kind: 'conv2d' | 'batchNorm' | 'activation' | 'maxPool', side: number) => ({
    layer,
    kind,
    height: side,
    width: side,
    channels: 3,
    values: Float32Array.from({ length: 3 * side * side }, (_, i) => i / 100 - 1),
  });
  const probabilities = new Float32Array(10).fill(0.02);
  probabilities[4] = 0.82;
  return {
    blocks: [{ weight: 0, stages: [stage(0, 'conv2d', 28), stage(1, 'batchNorm', 28), stage(2, 'activation', 28), stage(3, 'maxPool', 14)] }],
    filters: { layer: 0, size: 5, inChannels: 1, count: 3, values: Float32Array.from({ length: 75 }, (_, i) => (i - 37) / 100) },
    probabilities,
  };
};

function setup() {
  const fake = fakeClient();
  const store = createAppStore({ client: fake.client, baseUrl: 'http://x/' });
  const mlp = blankRun({ id: 'mlp', name: 'An MLP', createdAt: 1 });
  const conv = blankRun({ id: 'conv', name: 'A convnet', createdAt: 2, config: { ...defaultExperiment(), model: { layers } } });
  act(() => void store.getState().addRuns([mlp, conv]));
  render(
    <StoreProvider store={store}>
      <ConvnetSection />
    </StoreProvider>,
  );
  const asked = () => fake.sent.filter((c): c is Extract<WorkerCommand, { type: 'featureMaps' }> => c.type === 'featureMaps');
  return { store, fake, asked };
}

it('waits for a convnet run with its weights, then shows the image, the first filters and every stage of every channel', async () => {
  const { fake, asked } = setup();
  expect(screen.getByTestId('convnet-no-run').textContent).toMatch(/Train a convolutional network/);
  act(() => fake.emit({ type: 'modelKept', runId: 'mlp', dataset: 'mnist' }));
  expect(screen.getByTestId('convnet-no-run')).toBeTruthy();
  act(() => fake.emit({ type: 'modelKept', runId: 'conv', dataset: 'mnist' }));
  expect(asked().map((c) => [c.runId, c.image])).toEqual([['conv', 0]]);
  expect(screen.getByText('Computing the feature maps…')).toBeTruthy();
  await act(async () =>
    fake.emit({ type: 'featureMapsResult', requestId: asked()[0]!.requestId, runId: 'conv', image: 0, label: 7, pixels: new Uint8Array(784), maps: maps() }),
  );
  expect(screen.getByTestId('convnet-image').textContent).toBe('Test image 0: true class 7; the run predicts 4 (82.00%).');
  const filters = screen.getByRole('figure', { name: 'The 3 learned 5×5 filters of the first convolution' });
  expect(filters.querySelectorAll('canvas')).toHaveLength(3);
  expect(screen.getByRole('img', { name: /purple for negative weights down to -0\.37, white for 0, orange for positive up to 0\.37/ })).toBeTruthy();
  const block = screen.getByRole('figure', { name: 'Conv block 1: 3 channels' });
  expect(block.querySelectorAll('canvas')).toHaveLength(4 * 3);
  const rows = Array.from(block.querySelectorAll('tbody th'), (th) => th.firstChild!.textContent);
  expect(rows).toEqual(['Convolution (before BatchNorm)', 'After BatchNorm', 'After ReLU', 'After max pool 2×2']);
  // One grey scale per row: every channel of the BN row from the row's lowest to its highest value.
  expect(screen.getByRole('img', { name: 'After BatchNorm, channel 2: values -1 to 22.5' })).toBeTruthy();
  fireEvent.change(screen.getByLabelText('Grey levels'), { target: { value: 'channel' } });
  expect(screen.getByRole('img', { name: 'After BatchNorm, channel 2: values 6.84 to 14.7' })).toBeTruthy();

  // Another image: asked again; a bad number is refused with a message, not asked.
  fireEvent.click(screen.getByRole('button', { name: 'Next image' }));
  expect(asked().at(-1)).toMatchObject({ runId: 'conv', image: 1 });
  fireEvent.change(screen.getByLabelText('Test image'), { target: { value: '10000' } });
  expect(screen.getByRole('alert').textContent).toBe('Test image must be a whole number from 0 to 9,999');
  expect(asked()).toHaveLength(2);
  fireEvent.change(screen.getByLabelText('Test image'), { target: { value: '3' } });
  await act(async () => fake.emit({ type: 'featureMapsError', requestId: asked().at(-1)!.requestId, runId: 'conv', message: 'The weights were freed.' }));
  expect(screen.getByRole('alert').textContent).toBe('The weights were freed.');
});
