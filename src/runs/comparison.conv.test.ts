import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ExperimentConfig } from '../engine/config';
import { convFormOf } from '../engine/convForm';
import { convBlock, convExperiment } from '../engine/testing/convForms';
import { createModel, disposeModel } from '../engine/model';
import { bnPartner } from './bnPartner';
import { expandComparison, type ComparisonSetup, type Variation } from './comparison';
import { runName } from './runName';
import { blankRun } from './testing/blankRun';
import { parseVariation } from './variationText';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const block = convBlock;
const convnet = convExperiment;

const plan = (base: ExperimentConfig, variation: Variation): ExperimentConfig[] =>
  expandComparison({ base, variation, schedule: 'together', alsoWithoutBn: false } satisfies ComparisonSetup).flat();

describe('comparisons of a convnet', () => {
  it('BatchNorm on and off: the twin without BN is the same convnet without its BatchNorm layers, from the same conv and Dense weights', () => {
    const base = convnet();
    const [on, off] = plan(base, { setting: 'batchNorm', values: [true, false] }) as [ExperimentConfig, ExperimentConfig];
    expect(on).toEqual(base);
    expect(off.model.layers.some((l) => l.kind === 'batchNorm')).toBe(false);
    expect(convFormOf(off.model.layers)!.blocks.map((b) => b.norm)).toEqual(['none', 'none']);
    expect(convFormOf(off.model.layers)!.hidden[0]!.batchNorm).toBe(false);
    expect([runName(on), runName(off)]).toEqual(['BN · conv 8/16 · 64 · bs 32 · lr 1e-3', 'no BN · conv 8/16 · 64 · bs 32 · lr 1e-3']);
    // And from the twin without BN, BatchNorm comes back where it was (before each activation).
    expect(plan(off, { setting: 'batchNorm', values: [true, false] })[0]).toEqual(base);
    const a = createModel(on.model, 42);
    const b = createModel(off.model, 42);
    const weights = (m: typeof a) =>
      m.layers.filter((l) => l.spec.kind === 'dense' || l.spec.kind === 'conv2d').flatMap((l) => l.variables.map((v) => Array.from(v.dataSync())));
    expect(weights(b)).toEqual(weights(a));
    expect(weights(a)).toHaveLength(8);
    disposeModel(a);
    disposeModel(b);
    // A GroupNorm convnet with BN on: BatchNorm in GroupNorm's place, as for LayerNorm (and before the Dense layer's activation).
    const gn = convnet({
      blocks: [block(8, { norm: 'groupNorm', groups: 4 }), block(16, { norm: 'groupNorm', groups: 4, normPosition: 'after' })],
      hidden: [{ units: 64, batchNorm: false, bnPosition: 'before' }],
    });
    const [gnOn] = plan(gn, { setting: 'batchNorm', values: [true, false] });
    expect(gnOn).toEqual(convnet({ blocks: [block(8), block(16, { normPosition: 'after' })] }));
    const runs = [blankRun({ id: 'on', config: on, groupId: 'g' }), blankRun({ id: 'off', config: off, groupId: 'g' })];
    expect(bnPartner(runs[0]!, runs)?.id).toBe('off');
    expect(bnPartner(runs[1]!, runs)?.id).toBe('on');
  });

  it('activation and dropout: every block and Dense layer takes the activation; dropout goes after the hidden Dense layers only', () => {
    const base = convnet();
    const [, sigmoid] = plan(base, { setting: 'activation', values: ['relu', 'sigmoid'] });
    expect(convFormOf(sigmoid!.model.layers)).toMatchObject({ activation: 'sigmoid', blocks: [{ activation: 'sigmoid' }, { activation: 'sigmoid' }] });
    expect(runName(sigmoid!)).toBe('BN · conv 8/16 · 64 · bs 32 · lr 1e-3 · sigmoid');
    const [, half] = plan(base, { setting: 'dropout', values: [0, 0.5] });
    expect(convFormOf(half!.model.layers)!.hidden.map((h) => h.dropout)).toEqual([0.5]);
    expect(runName(half!)).toBe('BN · conv 8/16 · 64 · bs 32 · lr 1e-3 · drop 0.5');
    // Without hidden Dense layers there is nowhere to put it: refused, not two identical runs.
    const gap = convnet({ head: 'globalAvgPool', hidden: [] });
    expect(parseVariation('dropout', '0, 0.5', gap, 60_000)).toEqual({
      ok: false,
      error: 'Dropout rate: the network has no hidden Dense layer to put dropout after',
    });
    expect(parseVariation('dropout', '0, 0.5', base, 60_000).ok).toBe(true);
  });

  it('names convnets by their filters, head, Dense widths, norms and activations', () => {
    const leNet = convnet({
      blocks: [
        block(6, { kernel: 5, padding: 'valid', activation: 'sigmoid', pool: 'avgPool' }),
        block(16, { kernel: 5, padding: 'valid', activation: 'sigmoid', pool: 'avgPool' }),
      ],
      activation: 'sigmoid',
      hidden: [
        { units: 120, batchNorm: true, bnPosition: 'before' },
        { units: 84, batchNorm: true, bnPosition: 'before' },
      ],
    });
    expect(runName({ ...leNet, train: { ...leNet.train, batchSize: 256, learningRate: 1, optimizer: 'sgd' }, dataset: 'fashion' })).toBe(
      'BN · conv 6/16 · 120/84 · bs 256 · lr 1 · sigmoid · sgd · Fashion-MNIST',
    );
    const gn = convnet({
      blocks: [block(8, { norm: 'groupNorm', groups: 4 }), block(16, { norm: 'groupNorm', groups: 4, activation: 'tanh' })],
      head: 'globalAvgPool',
      hidden: [],
    });
    expect(runName(gn)).toBe('GN · conv 8/16 GAP · bs 32 · lr 1e-3 · relu/tanh');
  });
});
