// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, expect, it } from 'vitest';
import { defaultExperiment } from '../../engine/config';
import { convNet } from '../../engine/testing/imageNet';
import { fakeProbe } from '../../engine/testing/probeFixture';
import { withBatchNorm } from '../../runs/comparison';
import { blankRun } from '../../runs/testing/blankRun';
import { createAppStore } from '../../store/createAppStore';
import { fakeClient } from '../../worker/testing/fakeClient';
import { StoreProvider } from '../StoreContext';
import { InsideBatchNormSection } from './InsideBatchNormSection';

afterEach(cleanup);

/** The tutorial pair, finished, each with three probes of its 128/64 layers. */
function setup(withProbes = true) {
  const fake = fakeClient();
  const store = createAppStore({ client: fake.client, baseUrl: 'http://x/' });
  const bn = blankRun({ id: 'bn', name: 'With BN', groupId: 'g', createdAt: 1, config: defaultExperiment() });
  const plain = blankRun({ id: 'plain', name: 'Without BN', groupId: 'g', createdAt: 2, config: withBatchNorm(defaultExperiment(), false) });
  act(() => void store.getState().addRuns([bn, plain]));
  if (withProbes) {
    act(() => {
      for (const step of [0, 50, 100]) {
        fake.emit({ type: 'probe', runId: 'bn', probe: fakeProbe(step, [128, 64], true) });
        fake.emit({ type: 'probe', runId: 'plain', probe: fakeProbe(step, [128, 64], false) });
      }
    });
  }
  render(
    <StoreProvider store={store}>
      <InsideBatchNormSection />
    </StoreProvider>,
  );
  return { store, fake };
}

const select = (label: string) => screen.getByLabelText<HTMLSelectElement>(label, { exact: true });
const figure = (id: string) => document.getElementById(id);

it('says what to do when no run has probes', () => {
  setup(false);
  expect(screen.getByRole('heading', { name: 'Inside BatchNorm' })).toBeTruthy();
  expect(screen.getByTestId('inside-no-run').textContent).toMatch(/Train a run/);
});

it('shows the run with BatchNorm beside its twin without, in every view, with a caption each', () => {
  setup();
  expect(select('Inside run').value).toBe('bn');
  expect(select('Beside it').selectedOptions[0]!.textContent).toBe('Its twin without BatchNorm: Without BN');
  expect(select('Layer').options).toHaveLength(2);
  expect(select('Layer').selectedOptions[0]!.textContent).toBe('Hidden layer 1: 128 units, BatchNorm before ReLU');
  expect(select('Unit').options).toHaveLength(128);
  expect(figure('inside-dist-run')?.dataset.points).toBe('3');
  expect(figure('inside-dist-pair')?.dataset.points).toBe('3');
  expect(figure('inside-mean')?.dataset.points).toBe('3');
  expect(figure('inside-gamma-beta')?.dataset.points).toBe('128');
  expect(figure('inside-modes')?.dataset.points).toBe('3');
  for (const heading of [
    'Distributions over training',
    'Batch statistics against moving statistics',
    'Training mode against inference mode',
    'A bias right before BatchNorm learns nothing',
  ]) {
    const section = screen.getByRole('heading', { name: heading }).closest('section')!;
    expect(section.querySelector('.view-caption')?.textContent?.length).toBeGreaterThan(80);
  }
  const runTable = within(document.getElementById('inside-grads-run')!);
  expect(runTable.getByRole('rowheader', { name: 'Hidden layer 1 (128 units)' }).closest('tr')!.textContent).toMatch(/yes: bias redundant/);
  const pairTable = within(document.getElementById('inside-grads-pair')!);
  expect(pairTable.getByRole('rowheader', { name: 'Hidden layer 1 (128 units)' }).closest('tr')!.textContent).toMatch(/no/);
  expect(screen.getByTestId('inside-cost').textContent).toMatch(/3 probes of this run/);
});

it('follows the chosen layer, unit and second run', () => {
  const { store } = setup();
  fireEvent.change(select('Layer'), { target: { value: '1' } });
  expect(select('Unit').options).toHaveLength(64);
  fireEvent.change(select('Unit'), { target: { value: '5' } });
  expect(store.getState().insideView).toMatchObject({ layer: 1, unit: 5 });
  expect(screen.getByRole('figure', { name: 'With BN: unit 6' })).toBeTruthy();
  fireEvent.change(select('Beside it'), { target: { value: 'none' } });
  expect(figure('inside-dist-pair')).toBeNull();
  // The run without BatchNorm has no statistics to show, and says so.
  fireEvent.change(select('Inside run'), { target: { value: 'plain' } });
  expect(screen.getByText(/This layer has no BatchNorm/)).toBeTruthy();
});

it('offers the demonstration only with the run’s final weights in memory, and reports what came out', async () => {
  const { fake } = setup();
  const button = screen.getByRole('button', { name: 'Score in both modes' });
  expect((button as HTMLButtonElement).disabled).toBe(true);
  expect(screen.getByText(/final weights are not in memory/)).toBeTruthy();
  act(() => fake.emit({ type: 'modelKept', runId: 'bn', dataset: 'mnist' }));
  expect((button as HTMLButtonElement).disabled).toBe(false);
  fireEvent.change(select('Class of the one-class batch'), { target: { value: '3' } });
  fireEvent.click(button);
  const asked = fake.sent.find((c) => c.type === 'modeDemo');
  expect(asked).toMatchObject({ runId: 'bn', digit: 3 });
  await act(async () =>
    fake.emit({
      type: 'modeDemoResult',
      requestId: asked!.type === 'modeDemo' ? asked!.requestId : -1,
      runId: 'bn',
      result: {
        digit: 3,
        oneClass: { count: 101, train: { loss: 3, accuracy: 0.31 }, infer: { loss: 0.1, accuracy: 0.98 } },
        pairs: { count: 128, train: { loss: 1, accuracy: 0.55 }, infer: { loss: 0.1, accuracy: 0.97 } },
      },
    }),
  );
  const result = screen.getByTestId('mode-demo-result').textContent!;
  expect(result).toMatch(/In training mode, a batch of only 3s \(101 images\) scores 0\.31; the same images in inference mode score 0\.98\./);
  expect(result).toMatch(/batches of 2 \(128 images\), training mode scores 0\.55 and inference mode 0\.97/);
});

it('shows a convnet per channel: a Channel picker, per-channel charts, and what a GroupNorm block has instead of statistics', () => {
  const fake = fakeClient();
  const store = createAppStore({ client: fake.client, baseUrl: 'http://x/' });
  const config = { ...defaultExperiment(), model: { layers: convNet } };
  act(() => void store.getState().addRuns([blankRun({ id: 'conv', name: 'Convnet', config })]));
  // convNet's blocks: 4 channels of 14×14 (GroupNorm), 6 of 10×10 (BN after ReLU), 3 of 5×5 (BN before sigmoid).
  const probe = (step: number) => {
    const p = fakeProbe(step, [4, 6, 3]);
    const positions = [196, 100, 25];
    return {
      ...p,
      layers: p.layers.map((l, i) => ({ ...l, positions: positions[i]!, samples: Math.min(4096, 128 * positions[i]!), bn: i === 0 ? null : l.bn })),
    };
  };
  act(() => [0, 50].forEach((step) => fake.emit({ type: 'probe', runId: 'conv', probe: probe(step) })));
  render(
    <StoreProvider store={store}>
      <InsideBatchNormSection />
    </StoreProvider>,
  );
  expect(select('Layer').selectedOptions[0]!.textContent).toBe('Conv block 1: 4 channels 14×14, GroupNorm (2 groups) before ReLU');
  expect(screen.queryByLabelText('Unit', { exact: true })).toBeNull();
  expect(Array.from(select('Channel').options, (o) => o.textContent)).toEqual(['Channel 1 of 4', 'Channel 2 of 4', 'Channel 3 of 4', 'Channel 4 of 4']);
  expect(screen.getByTestId('inside-channel-sampling').textContent).toMatch(/196 per image here.*batch × height × width.*4,096 of those values/);
  expect(screen.getByText(/normalises with GroupNorm \(2 groups\): each image alone, over its own channels in groups/)).toBeTruthy();

  fireEvent.change(select('Layer'), { target: { value: '1' } });
  fireEvent.change(select('Channel'), { target: { value: '5' } });
  expect(store.getState().insideView).toMatchObject({ layer: 1, unit: 5 });
  expect(screen.getByRole('figure', { name: 'Convnet: channel 6' })).toBeTruthy();
  expect(screen.getByRole('figure', { name: "Mean of channel 6's input to BatchNorm" })).toBeTruthy();
  expect(screen.getByRole('figure', { name: 'Gamma and beta of every channel, layer 2, at step 50' }).dataset.points).toBe('6');
  expect(screen.getByTestId('inside-channel-sampling').textContent).toMatch(/100 per image here.*4,096 of those values/);
  const grads = within(document.getElementById('inside-grads-run')!);
  expect(grads.getByRole('rowheader', { name: 'Conv layer 3 (3 filters)' }).closest('tr')!.textContent).toMatch(/yes: bias redundant/);
});
