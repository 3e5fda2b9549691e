import { describe, expect, it } from 'vitest';
import { defaultExperiment } from './config';
import { parseExperiment } from './schema';

const withTrain = (patch: Record<string, unknown>) => {
  const base = defaultExperiment();
  return { ...base, train: { ...base.train, ...patch } };
};

describe('parseExperiment', () => {
  it('accepts the default experiment unchanged', () => {
    const r = parseExperiment(defaultExperiment(), 60_000);
    expect(r).toEqual({ ok: true, config: defaultExperiment() });
  });

  it.each([
    ['train.batchSize', { batchSize: 0 }, 'Batch size must be at least 1'],
    ['train.batchSize', { batchSize: -5 }, 'Batch size must be at least 1'],
    ['train.batchSize', { batchSize: 2.5 }, 'Batch size must be a whole number'],
    ['train.batchSize', { batchSize: Number.NaN }, 'Batch size must be a number'],
    ['train.learningRate', { learningRate: 0 }, 'Learning rate must be greater than 0'],
    ['train.learningRate', { learningRate: -1e-3 }, 'Learning rate must be greater than 0'],
    ['train.learningRate', { learningRate: 'abc' }, 'Learning rate must be a number'],
    ['train.epochs', { epochs: 0 }, 'Epochs must be at least 1'],
    ['train.seed', { seed: -1 }, 'Random seed must be at least 0'],
  ])('%s: %j → "%s"', (field, patch, message) => {
    const r = parseExperiment(withTrain(patch), 60_000);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[field]).toBe(message);
  });

  it('refuses a batch larger than the training data it will see', () => {
    const r = parseExperiment(withTrain({ batchSize: 600, trainLimit: 500 }), 60_000);
    expect(r).toEqual({ ok: false, errors: { 'train.batchSize': 'Batch size must be at most the 500 training images' } });
    const holdout = parseExperiment(withTrain({ batchSize: 10_000, validation: { kind: 'holdout', size: 55_000 } }), 60_000);
    expect(holdout.ok).toBe(false);
    if (!holdout.ok) expect(holdout.errors['train.batchSize']).toMatch(/5,000/);
  });

  it('names the layer whose width is wrong', () => {
    const c = defaultExperiment();
    c.model.layers[4] = { kind: 'dense', units: 0 };
    const r = parseExperiment(c, 60_000);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors['model.layers.4.units']).toBe('Units must be at least 1');
  });

  it('rejects unknown enum values rather than guessing', () => {
    const layers = defaultExperiment().model.layers.map((l) => (l.kind === 'activation' ? { ...l, fn: 'gelu' } : l));
    const r = parseExperiment({ ...defaultExperiment(), model: { layers } }, 60_000);
    const message = 'Activation must be one of relu, sigmoid, tanh';
    expect(r).toEqual({ ok: false, errors: { 'model.layers.3.fn': message, 'model.layers.6.fn': message } });
    // A model saved before layer lists, read through the migration, is judged the same way.
    const old = { ...defaultExperiment(), model: { inputBatchNorm: false, activation: 'gelu', hidden: [{ units: 8, batchNorm: true, bnPosition: 'before' }] } };
    expect(parseExperiment(old, 60_000).ok).toBe(false);
  });
});
