import { defaultExperiment, type ExperimentConfig } from '../config';
import { layersFromConvForm, type ConvBlockForm, type ConvForm } from '../convForm';

/** A conv block for tests: `filters` 3×3 same, BatchNorm before ReLU, 2×2 max pooling, with `over`. */
export const convBlock = (filters: number, over: Partial<ConvBlockForm> = {}): ConvBlockForm => ({
  filters,
  kernel: 3,
  stride: 1,
  padding: 'same',
  norm: 'batchNorm',
  normPosition: 'before',
  activation: 'relu',
  pool: 'maxPool',
  ...over,
});

/** The default experiment with a convnet (8 and 16 filters, Dense 64 with BN, unless `form` says otherwise). */
export const convExperiment = (form: Partial<ConvForm> = {}): ExperimentConfig => ({
  ...defaultExperiment(),
  model: {
    layers: layersFromConvForm({
      blocks: [convBlock(8), convBlock(16)],
      head: 'flatten',
      activation: 'relu',
      hidden: [{ units: 64, batchNorm: true, bnPosition: 'before' }],
      ...form,
    }),
  },
});

/** Every choice of the convnet form in one network: GroupNorm with stride 2, LayerNorm after tanh with average pooling, no norm, BN after, global average pooling, Dense dropout, BN settings of its own. */
export const everyConvChoice: ConvForm = {
  blocks: [
    convBlock(8, { norm: 'groupNorm', groups: 4, stride: 2, pool: 'none' }),
    convBlock(16, { norm: 'layerNorm', normPosition: 'after', activation: 'tanh', pool: 'avgPool' }),
    convBlock(32, { kernel: 5, norm: 'none', pool: 'none' }),
    convBlock(12, { normPosition: 'after' }),
  ],
  head: 'globalAvgPool',
  activation: 'relu',
  hidden: [{ units: 20, batchNorm: false, bnPosition: 'before', dropout: 0.3 }],
  bnMomentum: 0.9,
  bnEpsilon: 1e-5,
};
