import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultExperiment } from './config';
import { disposeImageTensors, makeSplits, uploadImageSet, type ImageTensors, type Splits } from './dataTensors';
import { evaluate } from './evaluate';
import { measureLandscape } from './landscape';
import { allVariables, createModel, disposeModel, type Model } from './model';
import { createOptimizer } from './optimizers';
import { probeRows } from './probe';
import { syntheticImageSet } from './testing/syntheticData';
import { trainStep } from './trainStep';
import { fusedTrainStep } from './wasm/fusedStep';

let set: ImageTensors;

beforeAll(async () => {
  await tf.setBackend('wasm');
  set = uploadImageSet(syntheticImageSet(320, 3));
});
afterAll(() => disposeImageTensors(set));

const config = () => ({ ...defaultExperiment(), train: { ...defaultExperiment().train, trainLimit: 320 } });
const splits = (): Splits => makeSplits(set, set, config().train);

/** A fresh model with `net`'s values: its tensors are new, so nothing tfjs packed for `net` applies to it. */
function copyOf(net: Model): Model {
  const copy = createModel(config().model, 1);
  allVariables(copy).forEach((v, i) => v.assign(tf.tensor(allVariables(net)[i]!.dataSync(), v.shape)));
  return copy;
}

/** Trains 40 Adam steps (our fused WebAssembly step, which updates the variables in place), measuring the landscape first if asked. */
async function trained(landscapeFirst: boolean): Promise<Model> {
  const s = splits();
  const net = createModel(config().model, 1);
  const optimizer = createOptimizer('adam', 1e-2);
  if (landscapeFirst) await measureLandscape(net, s.train, probeRows(s.train, 64));
  for (let step = 0; step < 40; step++)
    trainStep(
      net,
      optimizer,
      s,
      Int32Array.from({ length: 32 }, (_, i) => (step * 32 + i) % 320),
    ).dispose();
  optimizer.dispose();
  return net;
}

describe('the landscape on WebAssembly, beside our fused training step', () => {
  it('the fused step is what trains here (else this test shows nothing)', () => {
    const s = splits();
    const net = createModel(config().model, 1);
    const optimizer = createOptimizer('adam', 1e-2);
    const fused = fusedTrainStep(
      net,
      optimizer,
      s.train,
      Int32Array.from({ length: 32 }, (_, i) => i),
    );
    expect(fused).not.toBeNull();
    fused?.dispose();
    optimizer.dispose();
    disposeModel(net);
  });

  it('measures the weights as they are now, and leaves the run’s later evaluations as they would have been', async () => {
    const plain = await trained(false);
    const measured = await trained(true);
    const copy = copyOf(measured);
    try {
      const s = splits();
      // The same training either way: the landscape touched nothing.
      expect(allVariables(measured).map((v) => Array.from(v.dataSync()))).toEqual(allVariables(plain).map((v) => Array.from(v.dataSync())));
      // Evaluated through tfjs after in-place training, the run scores what a fresh copy of its weights scores.
      expect(await evaluate(measured, s.test)).toEqual(await evaluate(copy, s.test));
      expect(await evaluate(measured, s.test)).toEqual(await evaluate(plain, s.test));
      // And a landscape now sees the trained weights: its loss at w is the copy's.
      const [now, ofCopy] = [await measureLandscape(measured, s.train, probeRows(s.train, 64)), await measureLandscape(copy, s.train, probeRows(s.train, 64))];
      expect(now.loss).toBeCloseTo(ofCopy.loss, 5);
      expect(now.lossRange).toBeCloseTo(ofCopy.lossRange, 4);
    } finally {
      [plain, measured, copy].forEach(disposeModel);
    }
  });
});
