import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultExperiment } from '../engine/config';
import { createMlp, disposeMlp } from '../engine/model';
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
    expect(without.model.hidden.every((h) => !h.batchNorm)).toBe(true);
    expect(without.train).toEqual(base.train);
    expect(without.model.hidden.map((h) => h.units)).toEqual([128, 64]);
  });

  it('gives BatchNorm to a network that has none when asked for "on"', () => {
    const plain = withBatchNorm(base, false);
    expect(withBatchNorm(plain, true).model.hidden.every((h) => h.batchNorm)).toBe(true);
    // A base with input BN keeps its own layout.
    const notebook = { ...base, model: { ...base.model, inputBatchNorm: true } };
    expect(withBatchNorm(notebook, true)).toEqual(notebook);
  });

  it('queues a sweep one value at a time, and pairs each with a no-BN twin for the ladder', () => {
    const sweep = expandComparison(setup({ variation: { setting: 'batchSize', values: [16, 64, 256] }, schedule: 'queue' }));
    expect(sweep.map((g) => g.map((c) => c.train.batchSize))).toEqual([[16], [64], [256]]);
    const ladder = expandComparison(
      setup({ variation: { setting: 'learningRate', values: [1e-3, 1] }, schedule: 'queue', alsoWithoutBn: true }),
    );
    expect(ladder.map((g) => g.map((c) => [c.train.learningRate, c.model.hidden[0]!.batchNorm]))).toEqual([
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
    const a = createMlp(withBatchNorm(base, true).model, base.train.seed);
    const b = createMlp(withBatchNorm(base, false).model, base.train.seed);
    try {
      const pairs = [
        ...a.hidden.map((h, i) => [h.dense, b.hidden[i]!.dense] as const),
        [a.output, b.output] as const,
      ];
      for (const [x, y] of pairs) {
        expect(x.kernel.dataSync()).toEqual(y.kernel.dataSync());
        expect(x.bias.dataSync()).toEqual(y.bias.dataSync());
      }
      expect(a.hidden[0]!.bn).not.toBeNull();
      expect(b.hidden[0]!.bn).toBeNull();
    } finally {
      disposeMlp(a);
      disposeMlp(b);
    }
  });
});

describe('variation values as typed', () => {
  it('reads lists and refuses bad values with the form\'s own message', () => {
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
    expect(runName({ ...plain, model: { ...plain.model, activation: 'sigmoid' }, train: { ...plain.train, optimizer: 'sgd', learningRate: 0.5 } })).toBe(
      'no BN · 128/64 · bs 32 · lr 0.5 · sigmoid · sgd',
    );
  });

  it('picks the least-used colour so a new run differs from those shown', () => {
    expect(nextColorIndex([])).toBe(0);
    expect(nextColorIndex([0, 1])).toBe(2);
    expect(nextColorIndex([1])).toBe(0);
    const all = Array.from({ length: RUN_COLORS.length }, (_, i) => i);
    expect(nextColorIndex(all)).toBe(RUN_COLORS.length);
  });

  it('maps steps to epochs, samples (short last batch) and seconds (interpolated)', () => {
    const run = { stepsPerEpoch: 4, trainCount: 100, config: { ...base, train: { ...base.train, batchSize: 32 } }, timeMarks: [{ step: 2, elapsedMs: 1000 }, { step: 6, elapsedMs: 3000 }] };
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
