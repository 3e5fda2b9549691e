import {
  DATASETS,
  DEFAULT_DATASET,
  OPTIMIZERS,
  type DatasetId,
  type ExperimentConfig,
  type OptimizerKind,
  type TrainConfig,
  type ValidationConfig,
} from '../../engine/config';
import { DEFAULT_INPUT_SCALE, INPUT_SCALES, type InputScale } from '../../engine/inputScale';
import { experimentSchema } from '../../engine/schema';
import { success } from '../../result';
import type { Field, VariedField } from './field';
import { readChoice, readNumber } from './read';

/** The training's settable fields (rows of SETTINGS). */

const train = experimentSchema.shape.train.shape;

const withTrain = <K extends keyof TrainConfig>(base: ExperimentConfig, key: K, value: TrainConfig[K]): ExperimentConfig => {
  const c = structuredClone(base);
  c.train[key] = value;
  return c;
};

/** A number of the training settings, under its own link key. */
const trainNumber = (name: 'batchSize' | 'learningRate' | 'epochs' | 'seed', label: string, key: string): Field<number> => ({
  name,
  label,
  read: (t) => readNumber(t),
  schema: train[name],
  format: String,
  link: { key, path: `train.${name}`, get: (s) => s.train[name], set: (s, v) => void (s.train[name] = v) },
});

export const OPTIMIZER: VariedField<OptimizerKind> = {
  name: 'optimizer',
  label: 'Optimizer',
  read: (t) => readChoice(OPTIMIZERS, t),
  format: (v) => v,
  link: { key: 'opt', path: 'train.optimizer', get: (s) => s.train.optimizer, set: (s, v) => void (s.train.optimizer = v) },
  vary: { apply: (base, v) => withTrain(base, 'optimizer', v), defaults: 'adam, sgd, momentum', hint: 'Any of adam, sgd, momentum.' },
};

export const BATCH_SIZE: VariedField<number> = {
  ...trainNumber('batchSize', 'Batch size', 'bs'),
  vary: { apply: (base, v) => withTrain(base, 'batchSize', v), defaults: '16, 64, 256', hint: 'Whole numbers, e.g. 16, 64, 256.' },
};

export const LEARNING_RATE: VariedField<number> = {
  ...trainNumber('learningRate', 'Learning rate', 'lr'),
  vary: { apply: (base, v) => withTrain(base, 'learningRate', v), defaults: '0.0001, 0.001, 0.01, 0.1, 1', hint: 'Numbers, e.g. 0.0001, 0.001, 0.01, 0.1, 1.' },
};

export const EPOCHS = trainNumber('epochs', 'Epochs', 'ep');

export const SEED = trainNumber('seed', 'Random seed', 'seed');

export const VALIDATION: Field<ValidationConfig> = {
  name: 'validation',
  label: 'Validation',
  read: (t) => {
    if (t === 'test') return success({ kind: 'test' });
    const n = readNumber(t, 'test or a number of holdout images');
    return n.ok ? success({ kind: 'holdout', size: n.value }) : n;
  },
  schema: train.validation,
  format: (v) => (v.kind === 'test' ? 'test' : String(v.size)),
  link: { key: 'val', path: 'train.validation', get: (s) => s.train.validation, set: (s, v) => void (s.train.validation = { ...v }) },
};

export const TRAIN_LIMIT: Field<number | null> = {
  name: 'trainLimit',
  label: 'Training images',
  read: (t) => (t === 'all' ? success(null) : readNumber(t, 'all or a number')),
  schema: train.trainLimit,
  format: (v) => (v === null ? 'all' : String(v)),
  link: { key: 'limit', path: 'train.trainLimit', get: (s) => s.train.trainLimit, set: (s, v) => void (s.train.trainLimit = v) },
};

export const DATASET: Field<DatasetId | undefined> = {
  name: 'dataset',
  label: 'Dataset',
  read: (t) => readChoice(DATASETS, t),
  format: (v) => v ?? DEFAULT_DATASET,
  // Optional: every link from before the choice meant MNIST.
  link: {
    key: 'data',
    path: 'dataset',
    get: (s) => s.dataset,
    set: (s, v) => void (v === undefined ? delete s.dataset : (s.dataset = v)),
    written: (s) => s.dataset !== undefined,
  },
};

const pixelScale = (name: 'trainScale' | 'evalScale', label: string, key: string): Field<InputScale | undefined> => ({
  name,
  label,
  read: (t) => readChoice(INPUT_SCALES, t),
  format: (v) => v ?? DEFAULT_INPUT_SCALE,
  // Optional: links from before it mean ÷255.
  link: {
    key,
    path: `train.${name}`,
    get: (s) => s.train[name],
    set: (s, v) => void (v === undefined ? delete s.train[name] : (s.train[name] = v)),
    written: (s) => s.train[name] !== undefined,
  },
});

export const TRAIN_SCALE = pixelScale('trainScale', 'Training pixel scaling', 'trainscale');
export const EVAL_SCALE = pixelScale('evalScale', 'Evaluation pixel scaling', 'evalscale');
