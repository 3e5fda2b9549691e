/** The experiment a user sets up: the network and how it is trained. Plain data, serialisable. */

import { DEFAULT_DATASET, type DatasetId } from '../data/datasetId';
import type { InputScale } from './inputScale';
import type { LayerSpec } from './layers/spec';
import { layersFromMlpForm } from './mlpForm';

export { ACTIVATIONS, CLASSES, INPUT_UNITS, type Activation, type LayerSpec } from './layers/spec';
export { BN_POSITIONS, type BnPosition } from './mlpForm';
export { BN_EPSILON, BN_MOMENTUM } from './layers/batchNorm';

export const OPTIMIZERS = ['adam', 'sgd', 'momentum'] as const;
export type OptimizerKind = (typeof OPTIMIZERS)[number];

// The dataset ids live in data/ (the lowest layer), which must not import the engine.
export { DATASETS, DEFAULT_DATASET, type DatasetId } from '../data/datasetId';

/** The network: a list of layers from the image to the ten class logits (see `layers/spec.ts`). */
export interface ModelConfig {
  layers: LayerSpec[];
  /** Optional, default 1: multiplies every glorot-uniform kernel at creation (0.1 or 10 shows a bad initialisation). */
  initScale?: number;
}

/** Validation data: the 10,000 test images (the tutorial) or the first `size` training images (the notebook). */
export type ValidationConfig = { kind: 'test' } | { kind: 'holdout'; size: number };

export interface TrainConfig {
  batchSize: number;
  learningRate: number;
  epochs: number;
  optimizer: OptimizerKind;
  seed: number;
  validation: ValidationConfig;
  /** Use only the first N training images (after any holdout); null means all of them. */
  trainLimit: number | null;
  /** Optional, default 'div255' (pixels in 0–1): how training images' pixels are scaled. */
  trainScale?: InputScale;
  /** Optional, default 'div255': how validation and test images' pixels are scaled. Unlike `trainScale`, the notebook's pitfall. */
  evalScale?: InputScale;
}

export interface ExperimentConfig {
  model: ModelConfig;
  train: TrainConfig;
  /**
   * Optional: the data to train on; absent means MNIST (`DEFAULT_DATASET`), so runs, files and
   * links from before there was a choice keep their meaning. Read it through `datasetOf`.
   */
  dataset?: DatasetId;
}

/** The tutorial's model: 784 → 128 → BN → ReLU → 64 → BN → ReLU → 10 softmax, Adam 1e-3, batch 32. */
export function defaultExperiment(): ExperimentConfig {
  return {
    model: {
      layers: layersFromMlpForm({
        inputBatchNorm: false,
        activation: 'relu',
        hidden: [
          { units: 128, batchNorm: true, bnPosition: 'before' },
          { units: 64, batchNorm: true, bnPosition: 'before' },
        ],
      }),
    },
    train: {
      batchSize: 32,
      learningRate: 1e-3,
      epochs: 10,
      optimizer: 'adam',
      seed: 42,
      validation: { kind: 'test' },
      trainLimit: null,
    },
  };
}

/** The data `config` trains on (MNIST when it does not say). */
export const datasetOf = (config: Pick<ExperimentConfig, 'dataset'>): DatasetId => config.dataset ?? DEFAULT_DATASET;
