import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultExperiment } from '../engine/config';
import { makeSplits, uploadImageSet } from '../engine/dataTensors';
import { allVariables, createModel, disposeModel } from '../engine/model';
import { createOptimizer } from '../engine/optimizers';
import { syntheticImageSet } from '../engine/testing/syntheticData';
import { trainStep } from '../engine/trainStep';
import { createJaxTrainer } from './jaxMlp';
import { benchModelConfig, mlpInitOf } from './mlpInit';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const BATCH = 16;
const STEPS = 4;

// The bench compares speeds only if the jax-js arm trains the same network with the same
// optimizer: from the same weights on the same rows, its losses and weights must follow ours.
describe('the jax-js bench arm trains what our engine trains', () => {
  for (const bn of [true, false]) {
    it(`${bn ? 'with' : 'without'} BatchNorm: same losses and weights after ${STEPS} Adam steps`, async () => {
      const images = syntheticImageSet(BATCH * STEPS);
      const set = uploadImageSet(images);
      const net = createModel(benchModelConfig(bn), 42);
      const optimizer = createOptimizer('adam', 1e-3);
      const init = mlpInitOf(net);
      const splits = makeSplits(set, set, { ...defaultExperiment().train, batchSize: BATCH });
      const ours: number[] = [];
      for (let s = 0; s < STEPS; s++) {
        const order = Int32Array.from({ length: BATCH }, (_, k) => s * BATCH + k);
        const stats = trainStep(net, optimizer, splits, order);
        ours.push(stats.dataSync()[0]!);
        stats.dispose();
      }
      const xs = new Float32Array(set.xs.dataSync());
      const jax = createJaxTrainer(init, { xs, labels: Int32Array.from(images.labels), count: images.count }, BATCH, 1e-3, true);
      await jax.train(STEPS);
      const theirs = await jax.params();
      jax.dispose();
      expect(jax.losses).toHaveLength(STEPS);
      jax.losses.forEach((l, s) => expect(Math.abs(l - ours[s]!)).toBeLessThan(1e-4));
      // Learning happened, so the comparison of weights is not of the starting point.
      expect(ours[STEPS - 1]).toBeLessThan(ours[0]!);
      const trainable = allVariables(net).filter((v) => v.trainable);
      expect(theirs).toHaveLength(trainable.length);
      trainable.forEach((v, k) => {
        const mine = v.dataSync();
        let worst = 0;
        for (let i = 0; i < mine.length; i++) worst = Math.max(worst, Math.abs(mine[i]! - theirs[k]![i]!));
        expect(worst, v.name).toBeLessThan(1e-4);
      });
      optimizer.dispose();
      disposeModel(net);
      tf.dispose([set.xs, set.labels]);
    });
  }
});
