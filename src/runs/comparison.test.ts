import * as tf from '@tensorflow/tfjs-core';
import { withActivation } from '../engine/layers/edits';
import { formOf, mlp } from '../engine/testing/mlp';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultExperiment } from '../engine/config';
import { createModel, disposeModel } from '../engine/model';
import { expandComparison, withBatchNorm, type ComparisonSetup } from './comparison';
import { runName } from './runName';
import { nextColorIndex, RUN_COLORS } from './runPalette';
import { parseVariation } from './variationText';
import { xForStep } from './xAxis';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const base = defaultExperiment();
const setup = (patch: Partial<ComparisonSetup>): ComparisonSetup => ({
  base,
  variation: { setting: 'batchNorm', values: [true, false] },
  schedule: 'together',
  alsoWithoutBn: false,
  ...patch,
});

describe('comparisons', () => {
  it('pairs a network with and without BatchNorm, all else equal', () => {
    const [[withBn, without]] = expandComparison(setup({})) as [[typeof base, typeof base]];
    expect(withBn).toEqual(base);
    expect(without.model.layers.some((l) => l.kind === 'batchNorm')).toBe(false);
    expect(without.train).toEqual(base.train);
    expect(formOf(without.model).hidden.map((h) => h.units)).toEqual([128, 64]);
  });

  it('gives BatchNorm to a network that has none when asked for "on"', () => {
    const plain = withBatchNorm(base, false);
    expect(formOf(withBatchNorm(plain, true).model).hidden.every((h) => h.batchNorm)).toBe(true);
    // A base with input BN keeps its own layout.
    const notebook = { ...base, model: mlp(formOf(base.model).hidden, { inputBatchNorm: true }) };
    expect(withBatchNorm(notebook, true)).toEqual(notebook);
  });

  it('queues a sweep one value at a time, and pairs each with a no-BN twin for the ladder', () => {
    const sweep = expandComparison(setup({ variation: { setting: 'batchSize', values: [16, 64, 256] }, schedule: 'queue' }));
    expect(sweep.map((g) => g.map((c) => c.train.batchSize))).toEqual([[16], [64], [256]]);
    const ladder = expandComparison(setup({ variation: { setting: 'learningRate', values: [1e-3, 1] }, schedule: 'queue', alsoWithoutBn: true }));
    expect(ladder.map((g) => g.map((c) => [c.train.learningRate, formOf(c.model).hidden[0]!.batchNorm]))).toEqual([
      [
        [1e-3, true],
        [1e-3, false],
      ],
      [
        [1, true],
        [1, false],
      ],
    ]);
  });

  it('starts paired networks from identical Dense weights at step 0', () => {
    const a = createModel(withBatchNorm(base, true).model, base.train.seed);
    const b = createModel(withBatchNorm(base, false).model, base.train.seed);
    try {
      const dense = (m: typeof a) => m.layers.filter((l) => l.spec.kind === 'dense');
      expect(dense(a)).toHaveLength(3);
      dense(a).forEach((x, i) => {
        const y = dense(b)[i]!;
        expect(x.variables[0]!.dataSync()).toEqual(y.variables[0]!.dataSync());
        expect(x.variables[1]!.dataSync()).toEqual(y.variables[1]!.dataSync());
      });
      expect(a.layers.some((l) => l.spec.kind === 'batchNorm')).toBe(true);
      expect(b.layers.some((l) => l.spec.kind === 'batchNorm')).toBe(false);
    } finally {
      disposeModel(a);
      disposeModel(b);
    }
  });
});

describe('variation values as typed', () => {
  it("reads lists and refuses bad values with the form's own message", () => {
    expect(parseVariation('batchSize', '16, 64 256', base, 60000)).toEqual({ ok: true, value: { setting: 'batchSize', values: [16, 64, 256] } });
    expect(parseVariation('batchNorm', 'on, off', base, 60000)).toEqual({ ok: true, value: { setting: 'batchNorm', values: [true, false] } });
    expect(parseVariation('activation', 'ReLU, tanh', base, 60000)).toMatchObject({ ok: true });
    expect(parseVariation('batchSize', '16', base, 60000)).toEqual({ ok: false, error: 'Batch size: give at least two values, separated by commas' });
    expect(parseVariation('batchSize', '16, 0', base, 60000)).toEqual({ ok: false, error: 'Batch size "0": Batch size must be at least 1' });
    expect(parseVariation('learningRate', '0.1, abc', base, 60000)).toEqual({ ok: false, error: 'Learning rate: "abc" is not a number' });
    expect(parseVariation('learningRate', '0.1, 100', base, 60000)).toEqual({ ok: false, error: 'Learning rate "100": Learning rate must be at most 10' });
    expect(parseVariation('optimizer', 'adam, <b>x</b>', base, 60000)).toEqual({ ok: false, error: 'Optimizer: "<b>x</b>" is not one of adam, sgd, momentum' });
    expect(parseVariation('batchSize', '16, 16', base, 60000)).toMatchObject({ ok: false });
    expect(parseVariation('batchSize', '1,2,3,4,5,6,7,8,9', base, 60000)).toMatchObject({ ok: false });
  });
});

describe('run names, colours and x axes', () => {
  it('names runs by what tells them apart', () => {
    expect(runName(base)).toBe('BN · 128/64 · bs 32 · lr 1e-3');
    const plain = withBatchNorm(base, false);
    expect(
      runName({ ...plain, model: { layers: withActivation(plain.model.layers, 'sigmoid') }, train: { ...plain.train, optimizer: 'sgd', learningRate: 0.5 } }),
    ).toBe('no BN · 128/64 · bs 32 · lr 0.5 · sigmoid · sgd');
  });

  it('picks the least-used colour so a new run differs from those shown', () => {
    expect(nextColorIndex([])).toBe(0);
    expect(nextColorIndex([0, 1])).toBe(2);
    expect(nextColorIndex([1])).toBe(0);
    const all = Array.from({ length: RUN_COLORS.length }, (_, i) => i);
    expect(nextColorIndex(all)).toBe(RUN_COLORS.length);
  });

  it('maps steps to epochs, samples (short last batch) and seconds (interpolated)', () => {
    const run = {
      stepsPerEpoch: 4,
      trainCount: 100,
      config: { ...base, train: { ...base.train, batchSize: 32 } },
      timeMarks: [
        { step: 2, elapsedMs: 1000 },
        { step: 6, elapsedMs: 3000 },
      ],
    };
    expect(xForStep(run, 'step', 3)).toBe(3);
    expect(xForStep(run, 'epoch', 6)).toBe(1.5);
    expect(xForStep(run, 'samples', 3)).toBe(96);
    expect(xForStep(run, 'samples', 4)).toBe(100);
    expect(xForStep(run, 'samples', 5)).toBe(132);
    expect(xForStep(run, 'seconds', 1)).toBe(0.5);
    expect(xForStep(run, 'seconds', 4)).toBe(2);
    expect(xForStep(run, 'seconds', 9)).toBe(3);
  });
});

describe('a dropout comparison', () => {
  it('pairs the network without and with dropout after every hidden layer, from the same Dense weights, named apart', () => {
    const [[none, half]] = expandComparison(setup({ variation: { setting: 'dropout', values: [0, 0.5] } })) as [[typeof base, typeof base]];
    expect(none).toEqual(base);
    expect(formOf(half.model).hidden.map((h) => h.dropout)).toEqual([0.5, 0.5]);
    expect([runName(none), runName(half)]).toEqual(['BN · 128/64 · bs 32 · lr 1e-3', 'BN · 128/64 · bs 32 · lr 1e-3 · drop 0.5/0.5']);
    const a = createModel(none.model, 42);
    const b = createModel(half.model, 42);
    const dense = (m: typeof a) => m.layers.filter((l) => l.spec.kind === 'dense').flatMap((l) => l.variables.map((v) => Array.from(v.dataSync())));
    expect(dense(b)).toEqual(dense(a));
    disposeModel(a);
    disposeModel(b);
    expect(parseVariation('dropout', '0, 0.5', base, 60000)).toEqual({ ok: true, value: { setting: 'dropout', values: [0, 0.5] } });
    expect(parseVariation('dropout', '0, 0.95', base, 60000)).toEqual({ ok: false, error: 'Dropout rate "0.95": Dropout rate must be at most 0.9' });
  });
});
