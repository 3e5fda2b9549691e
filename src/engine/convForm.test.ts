import { describe, expect, it } from 'vitest';
import { convFormOf, layersFromConvForm, type ConvBlockForm, type ConvForm } from './convForm';
import { layersFromMlpForm, mlpFormOf } from './mlpForm';
import { layerListSchema } from './schema';
import type { LayerSpec } from './layers/spec';
import { convNet, imageNet } from './testing/imageNet';
import { defaultExperiment } from './config';
import { everyConvChoice } from './testing/convForms';

const block = (over: Partial<ConvBlockForm> = {}): ConvBlockForm => ({
  filters: 8,
  kernel: 3,
  stride: 1,
  padding: 'same',
  norm: 'batchNorm',
  normPosition: 'before',
  activation: 'relu',
  pool: 'maxPool',
  ...over,
});

/** d2l's LeNet with BatchNorm, as the form shows it. */
const leNetBn: ConvForm = {
  blocks: [
    block({ filters: 6, kernel: 5, padding: 'valid', activation: 'sigmoid', pool: 'avgPool' }),
    block({ filters: 16, kernel: 5, padding: 'valid', activation: 'sigmoid', pool: 'avgPool' }),
  ],
  head: 'flatten',
  activation: 'sigmoid',
  hidden: [
    { units: 120, batchNorm: true, bnPosition: 'before' },
    { units: 84, batchNorm: true, bnPosition: 'before' },
  ],
};

const mixed = everyConvChoice;

describe('the convnet form', () => {
  it("writes d2l's LeNet in Keras order, which the schema accepts, and reads it back", () => {
    const layers = layersFromConvForm(leNetBn);
    expect(layers).toEqual([
      { kind: 'conv2d', filters: 6, kernel: 5, stride: 1, padding: 'valid' },
      { kind: 'batchNorm', momentum: 0.99, epsilon: 1e-3 },
      { kind: 'activation', fn: 'sigmoid' },
      { kind: 'avgPool', size: 2 },
      { kind: 'conv2d', filters: 16, kernel: 5, stride: 1, padding: 'valid' },
      { kind: 'batchNorm', momentum: 0.99, epsilon: 1e-3 },
      { kind: 'activation', fn: 'sigmoid' },
      { kind: 'avgPool', size: 2 },
      { kind: 'flatten' },
      { kind: 'dense', units: 120 },
      { kind: 'batchNorm', momentum: 0.99, epsilon: 1e-3 },
      { kind: 'activation', fn: 'sigmoid' },
      { kind: 'dense', units: 84 },
      { kind: 'batchNorm', momentum: 0.99, epsilon: 1e-3 },
      { kind: 'activation', fn: 'sigmoid' },
      { kind: 'dense', units: 10 },
    ]);
    expect(layerListSchema.safeParse(layers).success).toBe(true);
    expect(convFormOf(layers)).toEqual(leNetBn);
    expect(mlpFormOf(layers)).toBeNull();
  });

  it('round-trips every norm, position, pooling, stride and padding, global average pooling and Dense dropout', () => {
    const layers = layersFromConvForm(mixed);
    expect(layers.map((l) => l.kind).join(' ')).toBe(
      'conv2d groupNorm activation conv2d activation layerNorm avgPool conv2d activation conv2d activation batchNorm maxPool globalAvgPool dense activation dropout dense',
    );
    expect(layerListSchema.safeParse(layers).success).toBe(true);
    expect(convFormOf(layers)).toEqual(mixed);
    expect(layersFromConvForm(convFormOf(layers)!)).toEqual(layers);
  });

  it('without hidden Dense layers, takes the first block’s activation for the Dense part', () => {
    const form: ConvForm = { blocks: [block({ activation: 'tanh' })], head: 'globalAvgPool', activation: 'tanh', hidden: [] };
    const layers = layersFromConvForm(form);
    expect(layers.slice(-2)).toEqual([{ kind: 'globalAvgPool' }, { kind: 'dense', units: 10 }]);
    expect(convFormOf(layers)).toEqual(form);
  });

  it('says when it cannot show a list', () => {
    const lenet = layersFromConvForm(leNetBn);
    const cannot: [string, LayerSpec[]][] = [
      ['an MLP', defaultExperiment().model.layers],
      ['pools before any convolution', imageNet],
      ['BatchNorm momenta that differ', convNet],
      ['a 3×3 pool', lenet.map((l) => (l.kind === 'avgPool' ? { ...l, size: 3 } : l))],
      ['dropout inside a block', [...lenet.slice(0, 3), { kind: 'dropout', rate: 0.5 }, ...lenet.slice(3)]],
      ['no activation in a block', lenet.filter((_l, i) => i !== 2)],
      ['two norms in a block', [...lenet.slice(0, 3), { kind: 'layerNorm', epsilon: 1e-3 }, ...lenet.slice(3)]],
      ['a GroupNorm epsilon of its own', layersFromConvForm(mixed).map((l) => (l.kind === 'groupNorm' ? { ...l, epsilon: 1e-5 } : l))],
      ['mixed Dense activations', lenet.map((l, i) => (i === 14 && l.kind === 'activation' ? { ...l, fn: 'relu' as const } : l))],
      ['no head', lenet.filter((l) => l.kind !== 'flatten')],
      ['seven blocks', layersFromConvForm({ ...leNetBn, blocks: Array.from({ length: 7 }, () => block({ pool: 'none' })) })],
    ];
    for (const [what, layers] of cannot) expect(convFormOf(layers), what).toBeNull();
    // And the MLP form does not claim a convnet, nor the convnet form an MLP.
    expect(mlpFormOf(layersFromMlpForm({ inputBatchNorm: false, activation: 'relu', hidden: [] }))).not.toBeNull();
    expect(convFormOf(layersFromMlpForm({ inputBatchNorm: false, activation: 'relu', hidden: [] }))).toBeNull();
  });
});
