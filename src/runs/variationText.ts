import { ACTIVATIONS, OPTIMIZERS, type ExperimentConfig } from '../engine/config';
import { failure, success, type Result } from '../result';
import { invalidValue, MAX_VARIATION_VALUES, type VariedSetting, type Variation } from './comparison';

/** What each setting's values look like as typed, and a sensible first comparison of it. */
export const VARIATION_DEFAULTS: Record<VariedSetting, string> = {
  batchNorm: 'on, off',
  batchSize: '16, 64, 256',
  learningRate: '0.0001, 0.001, 0.01, 0.1, 1',
  activation: 'relu, sigmoid, tanh',
  optimizer: 'adam, sgd, momentum',
  dropout: '0, 0.5',
};

export const VARIATION_LABELS: Record<VariedSetting, string> = {
  batchNorm: 'BatchNorm',
  batchSize: 'Batch size',
  learningRate: 'Learning rate',
  activation: 'Activation',
  optimizer: 'Optimizer',
  dropout: 'Dropout rate',
};

const quote = (text: string) => `"${text.length > 40 ? `${text.slice(0, 40)}…` : text}"`;

function fromWords<T extends string>(words: string[], allowed: readonly T[], label: string): Result<T[]> {
  const bad = words.find((w) => !allowed.includes(w as T));
  return bad !== undefined ? failure(`${label}: ${quote(bad)} is not one of ${allowed.join(', ')}`) : success(words as T[]);
}

function fromNumbers(words: string[], label: string): Result<number[]> {
  const bad = words.find((w) => !Number.isFinite(Number(w)));
  return bad !== undefined ? failure(`${label}: ${quote(bad)} is not a number`) : success(words.map(Number));
}

/**
 * Reads a comma-separated list of values for `setting` ("16, 64, 256") and checks each resulting
 * experiment against the same schema as the form, so a value is refused with the form's message.
 */
export function parseVariation(setting: VariedSetting, text: string, base: ExperimentConfig, trainImages: number): Result<Variation> {
  const label = VARIATION_LABELS[setting];
  const words = text
    .split(/[\s,]+/)
    .map((w) => w.trim().toLowerCase())
    .filter(Boolean);
  if (words.length < 2) return failure(`${label}: give at least two values, separated by commas`);
  if (words.length > MAX_VARIATION_VALUES) return failure(`${label}: at most ${MAX_VARIATION_VALUES} values`);
  if (new Set(words).size !== words.length) return failure(`${label}: each value only once`);
  let variation: Variation;
  switch (setting) {
    case 'batchNorm': {
      const r = fromWords(words, ['on', 'off'] as const, label);
      if (!r.ok) return r;
      variation = { setting, values: r.value.map((w) => w === 'on') };
      break;
    }
    case 'activation': {
      const r = fromWords(words, ACTIVATIONS, label);
      if (!r.ok) return r;
      variation = { setting, values: r.value };
      break;
    }
    case 'optimizer': {
      const r = fromWords(words, OPTIMIZERS, label);
      if (!r.ok) return r;
      variation = { setting, values: r.value };
      break;
    }
    case 'batchSize':
    case 'learningRate':
    case 'dropout': {
      const r = fromNumbers(words, label);
      if (!r.ok) return r;
      variation = { setting, values: r.value };
      break;
    }
  }
  const invalid = invalidValue(base, variation, trainImages);
  if (invalid) return failure(`${label} ${quote(words[invalid.index]!)}: ${invalid.reason}`);
  return success(variation);
}

/** The values back as text, the inverse of `parseVariation` (a link uses `separator` ","). */
export function formatVariation(variation: Variation, separator = ', '): string {
  return variation.values.map((v) => (typeof v === 'boolean' ? (v ? 'on' : 'off') : String(v))).join(separator);
}
