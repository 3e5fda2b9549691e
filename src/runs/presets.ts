import { defaultExperiment, type ExperimentConfig } from '../engine/config';
import { mlpModel } from '../engine/mlpForm';
import { expandComparison, type ComparisonSetup, type RunPlan } from './comparison';
import { convPresets } from './convPresets';
import { robustnessPresets } from './robustnessPresets';

/**
 * An experiment from the seed documents (or the BatchNorm paper), ready to train. A preset is a
 * base experiment plus either a comparison of one setting or, when its runs differ in several
 * settings at once (the notebook's two models), an explicit plan.
 */
export interface Preset {
  id: string;
  title: string;
  /** What it reproduces and the reference's numbers, in a sentence or two. */
  description: string;
  base: ExperimentConfig;
  comparison: Omit<ComparisonSetup, 'base'> | null;
  /** Runs that differ in more than one setting; when set, it is what Train comparison trains. */
  plan: RunPlan | null;
}

const tutorial = defaultExperiment();

/** The notebook's first model: 256/128 ReLU without BN, batch 32, 30 epochs, the first 5,000 training images for validation. */
export function notebookPlainModel(): ExperimentConfig {
  return {
    model: mlpModel({
      inputBatchNorm: false,
      activation: 'relu',
      hidden: [
        { units: 256, batchNorm: false, bnPosition: 'after' },
        { units: 128, batchNorm: false, bnPosition: 'after' },
      ],
    }),
    // Its log shows 1,563 steps of 32 per epoch: 50,000 training images, so trainLimit 50,000.
    train: { ...tutorial.train, epochs: 30, validation: { kind: 'holdout', size: 5000 }, trainLimit: 50_000 },
  };
}

/** The notebook's BN model: BN on the input and after each ReLU, batch 64, 15 epochs, the test set for validation. */
export function notebookBnModel(): ExperimentConfig {
  return {
    model: mlpModel({
      inputBatchNorm: true,
      activation: 'relu',
      hidden: [
        { units: 256, batchNorm: true, bnPosition: 'after' },
        { units: 128, batchNorm: true, bnPosition: 'after' },
      ],
    }),
    train: { ...tutorial.train, batchSize: 64, epochs: 15, validation: { kind: 'test' }, trainLimit: 50_000 },
  };
}

const ioffe: ExperimentConfig = {
  model: mlpModel({
    inputBatchNorm: false,
    activation: 'sigmoid',
    hidden: [1, 2, 3].map(() => ({ units: 100, batchNorm: true, bnPosition: 'before' as const })),
  }),
  train: { ...tutorial.train, batchSize: 60, optimizer: 'sgd', learningRate: 0.1, epochs: 5 },
};

const ladderBase: ExperimentConfig = { ...tutorial, train: { ...tutorial.train, epochs: 1, trainLimit: 10_000 } };

export const PRESETS: readonly Preset[] = [
  {
    id: 'tutorial-bn',
    title: 'Tutorial: with and without BatchNorm',
    description:
      '784-128-64-10, BN before ReLU, batch 32, Adam 1e-3, 10 epochs, test set as validation; the same network without BN beside it. Keras: val_accuracy 0.9658 after epoch 1, 0.9802 after epoch 10 (with BN).',
    base: tutorial,
    comparison: { variation: { setting: 'batchNorm', values: [true, false] }, schedule: 'together', alsoWithoutBn: false },
    plan: null,
  },
  {
    id: 'notebook-models',
    title: 'Notebook: its two models',
    description:
      '256/128 without BN (batch 32, 30 epochs, validation on the first 5,000 training images; Keras val_accuracy 0.9758), then BN on the input and after each ReLU (batch 64, 15 epochs, test set as validation). One after the other.',
    base: notebookPlainModel(),
    comparison: null,
    plan: [[notebookPlainModel()], [notebookBnModel()]],
  },
  {
    id: 'notebook-batch-sizes',
    title: 'Notebook exercise: batch size 16, 64, 256',
    description: "The notebook's BN model at batch sizes 16, 64 and 256, one after another, 5 epochs each (the exercise sets no epoch count).",
    base: { ...notebookBnModel(), train: { ...notebookBnModel().train, epochs: 5 } },
    comparison: { variation: { setting: 'batchSize', values: [16, 64, 256] }, schedule: 'queue', alsoWithoutBn: false },
    plan: null,
  },
  {
    id: 'ioffe-szegedy',
    title: 'Ioffe & Szegedy: 3 × 100 sigmoid',
    description:
      "The BatchNorm paper's MNIST network: three hidden layers of 100 sigmoid units, batch 60, BN on every hidden layer, against the same network without BN. SGD 0.1; 5 epochs (5,000 steps; the paper ran 50,000).",
    base: ioffe,
    comparison: { variation: { setting: 'batchNorm', values: [true, false] }, schedule: 'together', alsoWithoutBn: false },
    plan: null,
  },
  {
    id: 'lr-ladder',
    title: 'Learning-rate ladder, with and without BN',
    description:
      'The tutorial network at learning rates 1e-4 to 1, each with and without BN (trained as a pair), 1 epoch on 10,000 images. Runs that blow up are marked diverged.',
    base: ladderBase,
    comparison: { variation: { setting: 'learningRate', values: [1e-4, 1e-3, 1e-2, 1e-1, 1] }, schedule: 'queue', alsoWithoutBn: true },
    plan: null,
  },
  ...robustnessPresets(notebookBnModel()),
  ...convPresets(),
];

export const findPreset = (id: string): Preset | undefined => PRESETS.find((p) => p.id === id);

/** The runs a preset trains. */
export function presetPlan(preset: Preset): RunPlan {
  if (preset.plan) return preset.plan;
  if (preset.comparison) return expandComparison({ base: preset.base, ...preset.comparison });
  return [[preset.base]];
}
