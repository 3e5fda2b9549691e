import { describe, expect, it } from 'vitest';
import { parseExperiment } from '../engine/schema';
import { summarize } from '../engine/summary';
import type { LayerSpec } from '../engine/layers/spec';
import { formatNet } from './settings/layerTokens';
import { CONV_LADDER_BATCH_SIZES, convLadderRun, leNetBn, leNetPlain, smallConvnet } from './convPresets';
import { findPreset, presetPlan } from './presets';
import { runName } from './runName';

/** A layer list as link tokens: short enough to compare whole lists at a glance. */
const tokens = (layers: readonly LayerSpec[]) => formatNet(layers).split(',');

describe('convnet presets', () => {
  it.each(['d2l-lenet', 'convnet-mnist', 'convnet-fashion', 'conv-batch-ladder-gn'])(
    '%s: is listed, every run passes the schema and has a name of its own',
    (id) => {
      const preset = findPreset(id)!;
      const runs = presetPlan(preset).flat();
      expect(runs.length).toBeGreaterThan(1);
      for (const c of runs) expect(parseExperiment(c, 60_000)).toEqual({ ok: true, config: c });
      expect(new Set(runs.map(runName)).size).toBe(runs.length);
    },
  );

  it("d2l's BN LeNet is the book's list: valid 5×5 convolutions, BN (0.9, 1e-5) before each sigmoid, average pools, 120 and 84", () => {
    const c = leNetBn();
    const bn = 'bn_m0.9_e0.00001';
    expect(tokens(c.model.layers)).toEqual([
      'conv6x5',
      bn,
      'sigmoid',
      'avgpool2',
      'conv16x5',
      bn,
      'sigmoid',
      'avgpool2',
      'flat',
      'd120',
      bn,
      'sigmoid',
      'd84',
      bn,
      'sigmoid',
      'd10',
    ]);
    expect(c.train).toMatchObject({ optimizer: 'sgd', learningRate: 1.0, batchSize: 256, epochs: 10, validation: { kind: 'test' }, trainLimit: null });
    expect(c.dataset).toBe('fashion');
    // 16 channels of 4×4 after the second pool: the book's `nn.Linear(16*4*4, 120)`.
    expect(summarize(c.model).rows.find((r) => r.name === 'flatten')?.outputShape).toBe('(None, 256)');
  });

  it("d2l's plain LeNet pads its first convolution by 2, has no BN, trains at lr 0.9, and has LeNet's 61,706 parameters", () => {
    const c = leNetPlain();
    expect(tokens(c.model.layers)).toEqual([
      'conv6x5_same',
      'sigmoid',
      'avgpool2',
      'conv16x5',
      'sigmoid',
      'avgpool2',
      'flat',
      'd120',
      'sigmoid',
      'd84',
      'sigmoid',
      'd10',
    ]);
    expect(c.train).toMatchObject({ optimizer: 'sgd', learningRate: 0.9, batchSize: 256, epochs: 10, validation: { kind: 'test' } });
    expect(c.dataset).toBe('fashion');
    expect(summarize(c.model).total).toBe(61_706);
  });

  it('trains the two LeNets side by side', () => {
    expect(presetPlan(findPreset('d2l-lenet')!)).toEqual([[leNetBn(), leNetPlain()]]);
  });

  it.each(['mnist', 'fashion'] as const)('the small modern convnet on %s: the list as specified, with and without BN, Adam 1e-3, batch 64', (dataset) => {
    const plan = presetPlan(findPreset(`convnet-${dataset}`)!);
    expect(plan).toHaveLength(1);
    const [withBn, without] = plan[0]!;
    expect(tokens(withBn!.model.layers)).toEqual([
      'conv32x3_same',
      'bn',
      'relu',
      'maxpool2',
      'conv64x3_same',
      'bn',
      'relu',
      'maxpool2',
      'flat',
      'd128',
      'bn',
      'relu',
      'd10',
    ]);
    expect(tokens(without!.model.layers)).toEqual(['conv32x3_same', 'relu', 'maxpool2', 'conv64x3_same', 'relu', 'maxpool2', 'flat', 'd128', 'relu', 'd10']);
    for (const c of [withBn!, without!]) {
      expect(c.train).toMatchObject({ optimizer: 'adam', learningRate: 1e-3, batchSize: 64, validation: { kind: 'test' }, trainLimit: null });
      expect(c.dataset).toBe(dataset);
    }
    // Keras' model.summary() of the BN network: 422,538 parameters, 448 of them moving statistics.
    const s = summarize(withBn!.model);
    expect([s.total, s.nonTrainable]).toEqual([422_538, 448]);
    expect(withBn).toEqual(smallConvnet(dataset, withBn!.train.epochs));
  });

  it('the ladder pairs BatchNorm and GroupNorm at 2, 4, 8, 16 and 64 on the same 4,000 MNIST images', () => {
    const plan = presetPlan(findPreset('conv-batch-ladder-gn')!);
    expect(CONV_LADDER_BATCH_SIZES).toEqual([2, 4, 8, 16, 64]);
    expect(plan.map((g) => g.map((c) => c.train.batchSize))).toEqual([2, 4, 8, 16, 64].map((b) => [b, b]));
    for (const c of plan.flat()) expect(c.train).toMatchObject({ trainLimit: 4_000, epochs: 1, optimizer: 'adam', learningRate: 1e-3 });
    const [bnRun, gnRun] = plan[0]!;
    expect(tokens(bnRun!.model.layers).filter((t) => t.startsWith('bn'))).toEqual(['bn_m0.9', 'bn_m0.9', 'bn_m0.9']);
    // GroupNorm exactly where BatchNorm was, and nothing else changed.
    const gn = gnRun!.model.layers;
    expect(gn.map((l, i) => (l.kind === 'groupNorm' ? 'gn' : formatNet([l]) === formatNet([bnRun!.model.layers[i]!]))).filter((x) => x !== true)).toEqual([
      'gn',
      'gn',
      'gn',
    ]);
    expect(tokens(gn).filter((t) => t.startsWith('gn'))).toEqual(['gn8', 'gn8', 'gn8']);
    expect(plan.map((g) => g.map((c) => runName(c).split(' · ')[0]))).toEqual(plan.map(() => ['BN', 'GN']));
    expect(convLadderRun(16, 'group').dataset).toBe('mnist');
  });
});
