import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultExperiment } from '../config';
import { makeSplits, uploadImageSet, type ImageTensors } from '../dataTensors';
import { evaluate } from '../evaluate';
import { allVariables, createModel, disposeModel } from '../model';
import { createOptimizer } from '../optimizers';
import { syntheticImageSet } from '../testing/syntheticData';
import { trainStep } from '../trainStep';

let set: ImageTensors;
beforeAll(async () => {
  await tf.setBackend('wasm');
  set = uploadImageSet(syntheticImageSet(320));
});

describe('tfjs after our fused WebAssembly steps', () => {
  it('computes with the weights as they are now, not as tfjs first packed them: evaluation equals that of a copy, before and after more steps', async () => {
    const config = defaultExperiment();
    const splits = makeSplits(set, set, { ...config.train, batchSize: 32 });
    const net = createModel(config.model, 42);
    const copy = createModel(config.model, 1);
    const optimizer = createOptimizer('adam', 1e-2);
    const copyWeights = () => allVariables(copy).forEach((v, i) => v.assign(tf.tensor(allVariables(net)[i]!.dataSync().slice(), v.shape)));
    try {
      for (let round = 0; round < 2; round++) {
        // The first evaluation packs the weights in tfjs; the steps after it write them in place.
        for (let step = 0; step < 5; step++) trainStep(net, optimizer, splits, Int32Array.from({ length: 32 }, (_, k) => (step * 32 + k) % 320)).dispose();
        copyWeights();
        const [ours, copied] = [await evaluate(net, splits.test), await evaluate(copy, splits.test)];
        expect(ours).toEqual(copied);
      }
    } finally {
      optimizer.dispose();
      disposeModel(net);
      disposeModel(copy);
    }
  });
});
