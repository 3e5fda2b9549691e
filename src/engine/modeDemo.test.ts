import * as tf from '@tensorflow/tfjs-core';
import { mlp } from './testing/mlp';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultExperiment, type ExperimentConfig } from './config';
import { disposeImageTensors, makeSplits, uploadImageSet, type ImageTensors } from './dataTensors';
import { allVariables, createModel, disposeModel, type Model } from './model';
import { modeDemo, rowsOfClass } from './modeDemo';
import { createOptimizer } from './optimizers';
import { syntheticImageSet } from './testing/syntheticData';
import { trainStep } from './train';

let train: ImageTensors;
let test: ImageTensors;
const testSet = syntheticImageSet(300, 2);
let withBn: Model;
let withoutBn: Model;

beforeAll(async () => {
  await tf.setBackend('cpu');
  train = uploadImageSet(syntheticImageSet(640, 1));
  test = uploadImageSet(testSet);
  withBn = trained(true);
  withoutBn = trained(false);
});
afterAll(() => {
  disposeModel(withBn);
  disposeModel(withoutBn);
  disposeImageTensors(train);
  disposeImageTensors(test);
});

/** A small network trained for 3 epochs on the synthetic set (each class lights its own band of pixels). */
function trained(batchNorm: boolean): Model {
  const base = defaultExperiment();
  const config: ExperimentConfig = {
    model: mlp([
      { units: 32, batchNorm, bnPosition: 'before' },
      { units: 16, batchNorm, bnPosition: 'before' },
    ]),
    train: { ...base.train, learningRate: 1e-2 },
  };
  const splits = makeSplits(train, test, config.train);
  const net = createModel(config.model, 5);
  const optimizer = createOptimizer('adam', 1e-2);
  for (let epoch = 0; epoch < 3; epoch++) {
    for (let s = 0; s < 20; s++)
      trainStep(
        net,
        optimizer,
        splits,
        Int32Array.from({ length: 32 }, (_, i) => ((s * 32 + i) * 7) % 640),
      ).dispose();
  }
  optimizer.dispose();
  return net;
}

describe('modeDemo', () => {
  it('finds the first images of a class', () => {
    expect(Array.from(rowsOfClass(Uint8Array.from([3, 1, 3, 3, 0]), 3, 2))).toEqual([0, 2]);
    expect(rowsOfClass(Uint8Array.from([1, 2]), 7).length).toBe(0);
  });

  it('with BatchNorm: a one-class batch and batches of 2 fail in training mode, not in inference mode', async () => {
    const demo = await modeDemo(withBn, test, testSet.labels, 7);
    // syntheticImageSet labels image i as i % 10: 30 sevens among 300.
    expect(demo.digit).toBe(7);
    expect(demo.oneClass.count).toBe(30);
    expect(demo.pairs.count).toBe(128);
    expect(demo.oneClass.infer.accuracy).toBeGreaterThan(0.9);
    expect(demo.pairs.infer.accuracy).toBeGreaterThan(0.9);
    // Normalised by its own statistics, a batch of only 7s loses what made them 7s.
    expect(demo.oneClass.train.accuracy).toBeLessThan(demo.oneClass.infer.accuracy - 0.3);
    expect(demo.pairs.train.accuracy).toBeLessThan(demo.pairs.infer.accuracy - 0.1);
  });

  it('without BatchNorm both modes are the same computation', async () => {
    const demo = await modeDemo(withoutBn, test, testSet.labels, 3);
    expect(demo.oneClass.train.accuracy).toBe(demo.oneClass.infer.accuracy);
    expect(demo.oneClass.train.loss).toBeCloseTo(demo.oneClass.infer.loss, 5);
    expect(demo.pairs.train.accuracy).toBe(demo.pairs.infer.accuracy);
  });

  it('scales the pixels as asked (a run evaluated on other pixel scaling)', async () => {
    const plain = await modeDemo(withoutBn, test, testSet.labels, 3);
    expect(await modeDemo(withoutBn, test, testSet.labels, 3, 1)).toEqual(plain);
    // Scaled to nothing, every image is the same black square: one class for all, right one time in ten.
    const black = await modeDemo(withoutBn, test, testSet.labels, 3, 0);
    expect(plain.pairs.infer.accuracy).toBeGreaterThan(0.9);
    expect(black.pairs.infer.accuracy).toBeLessThan(0.2);
  });

  it('changes nothing in the model and frees every tensor', async () => {
    const net = withBn;
    await modeDemo(net, test, testSet.labels, 1);
    const before = allVariables(net).map((v) => Float32Array.from(v.dataSync()));
    const tensors = tf.memory().numTensors;
    await modeDemo(net, test, testSet.labels, 1);
    expect(tf.memory().numTensors).toBe(tensors);
    allVariables(net).forEach((v, i) => expect(Buffer.from(Float32Array.from(v.dataSync()).buffer).equals(Buffer.from(before[i]!.buffer))).toBe(true));
  });

  it('refuses a class that is not there or not a digit', async () => {
    await expect(
      modeDemo(
        withBn,
        test,
        Uint8Array.from({ length: 300 }, () => 1),
        7,
      ),
    ).rejects.toThrow(/fewer than 2 images of class 7/);
    await expect(modeDemo(withBn, test, testSet.labels, 10)).rejects.toThrow(/0 to 9/);
  });
});
