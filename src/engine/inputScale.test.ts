import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultExperiment } from './config';
import { disposeImageTensors, gatherInputs, makeSplits, uploadImageSet, type ImageTensors } from './dataTensors';
import { evaluate } from './evaluate';
import { inputScaleFactor } from './inputScale';
import { createModel, disposeModel } from './model';
import { syntheticImageSet } from './testing/syntheticData';

let train: ImageTensors;
let test: ImageTensors;

beforeAll(async () => {
  await tf.setBackend('cpu');
  train = uploadImageSet(syntheticImageSet(300, 1));
  test = uploadImageSet(syntheticImageSet(100, 2));
});
afterAll(() => {
  disposeImageTensors(train);
  disposeImageTensors(test);
});

describe('input scaling', () => {
  it('maps ÷255, ÷255 twice and raw bytes to factors on the 0–1 upload', () => {
    expect([inputScaleFactor('div255'), inputScaleFactor('div255twice'), inputScaleFactor('raw')]).toEqual([1, 1 / 255, 255]);
  });

  it('gives training rows the training scaling and validation and test rows the evaluation scaling', () => {
    const config = {
      ...defaultExperiment().train,
      validation: { kind: 'holdout' as const, size: 50 },
      trainScale: 'div255twice' as const,
      evalScale: 'raw' as const,
    };
    const splits = makeSplits(train, test, config);
    expect([splits.train.scale, splits.validation.scale, splits.test.scale]).toEqual([1 / 255, 255, 255]);
    const plain = makeSplits(train, test, defaultExperiment().train);
    expect([plain.train.scale, plain.validation.scale, plain.test.scale]).toEqual([1, 1, 1]);
  });

  it('gathers scaled inputs: raw bytes come back as 0..255, ÷255 twice as bytes / 65,025', () => {
    const before = tf.memory().numTensors;
    const config = { ...defaultExperiment().train, trainScale: 'div255twice' as const, evalScale: 'raw' as const };
    const splits = makeSplits(train, test, config);
    const bytes = syntheticImageSet(100, 2).pixels;
    const trainBytes = syntheticImageSet(300, 1).pixels;
    const [raw, tiny] = tf.tidy(() => {
      const idx = tf.tensor1d([3, 7], 'int32');
      return [gatherInputs(splits.test, idx).dataSync(), gatherInputs(splits.train, idx).dataSync()];
    });
    for (let p = 0; p < 784; p++) {
      expect(raw[p]).toBeCloseTo(bytes[3 * 784 + p]!, 3);
      expect(tiny[784 + p]).toBeCloseTo(trainBytes[7 * 784 + p]! / 65_025, 8);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('evaluates a scaled split exactly as the same inputs uploaded already scaled, leaking nothing', async () => {
    const net = createModel(defaultExperiment().model, 9);
    const set = syntheticImageSet(100, 2);
    // The same images with the factor applied before upload: bytes · 255 / 255 = bytes.
    const prescaled = tf.tidy(() => ({ xs: tf.mul(test.xs, 255) as tf.Tensor2D, labels: tf.clone(test.labels), count: set.count }));
    try {
      const before = tf.memory().numTensors;
      const scaled = await evaluate(net, { source: test, start: 0, count: 100, scale: 255 });
      const reference = await evaluate(net, { source: prescaled, start: 0, count: 100 });
      expect(scaled.accuracy).toBe(reference.accuracy);
      expect(scaled.loss).toBeCloseTo(reference.loss, 4);
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      disposeImageTensors(prescaled);
      disposeModel(net);
    }
  });
});

describe('weight init scale', () => {
  it('multiplies every Dense kernel by initScale and leaves biases and BatchNorm alone, from the same draw', () => {
    const before = tf.memory().numTensors;
    const base = defaultExperiment().model;
    const one = createModel(base, 42);
    const ten = createModel({ ...base, initScale: 10 }, 42);
    const tenth = createModel({ ...base, initScale: 0.1 }, 42);
    try {
      const kernels = (m: typeof one) => m.layers.filter((l) => l.spec.kind === 'dense').map((l) => l.variables[0]!.dataSync());
      const [k1, k10, k01] = [kernels(one), kernels(ten), kernels(tenth)];
      k1.forEach((k, layer) => {
        for (let i = 0; i < k.length; i += 97) {
          expect(k10[layer]![i]).toBeCloseTo(10 * k[i]!, 5);
          expect(k01[layer]![i]).toBeCloseTo(0.1 * k[i]!, 7);
        }
      });
      expect(Array.from(ten.layers[1]!.variables[1]!.dataSync()).every((v) => v === 0)).toBe(true);
      expect(ten.layers[2]!.spec.kind).toBe('batchNorm');
      expect(Array.from(ten.layers[2]!.variables[0]!.dataSync()).every((v) => v === 1)).toBe(true);
    } finally {
      [one, ten, tenth].forEach(disposeModel);
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
