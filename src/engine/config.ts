/** The experiment a user sets up: the network and how it is trained. Plain data, serialisable. */

import { DEFAULT_DATASET, type DatasetId } from '../data/datasetId';
import type { InputScale } from './inputScale';

export const ACTIVATIONS = ['relu', 'sigmoid', 'tanh'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

/** Where BatchNorm sits in a hidden layer relative to its activation. */
export const BN_POSITIONS = ['before', 'after'] as const;
export type BnPosition = (typeof BN_POSITIONS)[number];

export const OPTIMIZERS = ['adam', 'sgd', 'momentum'] as const;
export type OptimizerKind = (typeof OPTIMIZERS)[number];

// The dataset ids live in data/ (the lowest layer), which must not import the engine.
export { DATASETS, DEFAULT_DATASET, type DatasetId } from '../data/datasetId';

export interface HiddenLayerConfig {
  units: number;
  batchNorm: boolean;
  bnPosition: BnPosition;
  /**
   * Optional, default false: LayerNorm instead of BatchNorm (never both), at `bnPosition`. It
   * normalises each sample over this layer's units (trainable gamma and beta, no moving
   * statistics, epsilon 1e-3 as Keras), so it behaves the same at any batch size.
   */
  layerNorm?: boolean;
}

export interface ModelConfig {
  inputBatchNorm: boolean;
  activation: Activation;
  hidden: HiddenLayerConfig[];
  /**
   * Optional; absent means BN_MOMENTUM (0.99, Keras). How much of the moving statistics each
   * training step keeps: moving = momentum · moving + (1 − momentum) · batch. PyTorch's
   * `momentum=0.1` is 0.9 here.
   */
  bnMomentum?: number;
  /** Optional; absent means BN_EPSILON (1e-3, Keras). Added to the variance before its square root. */
  bnEpsilon?: number;
  /** Optional, default 1: multiplies every glorot-uniform Dense kernel at creation (0.1 or 10 shows a bad initialisation). */
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

export const INPUT_UNITS = 784;
export const CLASSES = 10;

/** Keras' BatchNormalization defaults, which the tutorial uses. */
export const BN_MOMENTUM = 0.99;
export const BN_EPSILON = 1e-3;

/** The model's BatchNorm momentum and epsilon, with the Keras defaults filled in. */
export function bnSettings(model: ModelConfig): { momentum: number; epsilon: number } {
  return { momentum: model.bnMomentum ?? BN_MOMENTUM, epsilon: model.bnEpsilon ?? BN_EPSILON };
}

/** The tutorial's model: 784 → 128 → BN → ReLU → 64 → BN → ReLU → 10 softmax, Adam 1e-3, batch 32. */
export function defaultExperiment(): ExperimentConfig {
  return {
    model: {
      inputBatchNorm: false,
      activation: 'relu',
      hidden: [
        { units: 128, batchNorm: true, bnPosition: 'before' },
        { units: 64, batchNorm: true, bnPosition: 'before' },
      ],
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
