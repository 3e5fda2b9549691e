/**
 * Experiments as they were saved before layer lists (model version 1), one per shape the old
 * model could take, trained briefly by `migrate.test.ts`. Each trains 1 epoch of 64 images of the
 * synthetic set at batch 32.
 */
const train = (extra: Record<string, unknown> = {}) => ({
  batchSize: 32,
  learningRate: 0.01,
  epochs: 1,
  optimizer: 'adam',
  seed: 42,
  validation: { kind: 'test' },
  trainLimit: 64,
  ...extra,
});

export const OLD_FORMS: Record<string, unknown> = {
  tutorial: {
    model: {
      inputBatchNorm: false,
      activation: 'relu',
      hidden: [
        { units: 128, batchNorm: true, bnPosition: 'before' },
        { units: 64, batchNorm: true, bnPosition: 'before' },
      ],
    },
    train: train(),
  },
  notebookBn: {
    model: {
      inputBatchNorm: true,
      activation: 'relu',
      hidden: [
        { units: 32, batchNorm: true, bnPosition: 'after' },
        { units: 16, batchNorm: true, bnPosition: 'after' },
      ],
    },
    train: train({ optimizer: 'momentum' }),
  },
  plainOffButAfter: {
    model: {
      inputBatchNorm: false,
      activation: 'tanh',
      hidden: [
        { units: 24, batchNorm: false, bnPosition: 'after' },
        { units: 12, batchNorm: false, bnPosition: 'before' },
      ],
    },
    train: train({ optimizer: 'sgd', learningRate: 0.1 }),
  },
  layerNormAndSettings: {
    model: {
      inputBatchNorm: false,
      activation: 'sigmoid',
      hidden: [
        { units: 20, batchNorm: false, bnPosition: 'after', layerNorm: true },
        { units: 20, batchNorm: true, bnPosition: 'before' },
      ],
      bnMomentum: 0.9,
      bnEpsilon: 1e-5,
      initScale: 0.1,
    },
    train: train({ trainScale: 'div255twice' }),
  },
  noHidden: { model: { inputBatchNorm: true, activation: 'relu', hidden: [] }, train: train(), dataset: 'fashion' },
};
