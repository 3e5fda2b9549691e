import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultExperiment, type ModelConfig } from '../config';
import { makeSplits, uploadImageSet, type ImageTensors } from '../dataTensors';
import { createModel, disposeModel } from '../model';
import { createOptimizer } from '../optimizers';
import { probeModel, probeRows, type Probe } from '../probe';
import { mlp } from '../testing/mlp';
import { syntheticImageSet } from '../testing/syntheticData';
import { trainStep } from '../trainStep';
import { useFusedKernels } from './fusedStep';

let set: ImageTensors;

beforeAll(async () => {
  await tf.setBackend('wasm');
  set = uploadImageSet(syntheticImageSet(300));
});

afterEach(() => useFusedKernels(true));

/** Every number in a probe (ms aside), flattened in a fixed order. */
const numbers = (p: Probe): number[] => [
  p.train.loss,
  p.train.accuracy,
  p.infer.loss,
  p.infer.accuracy,
  ...p.gradNorms.flatMap((g) => [g.kernel, g.bias]),
  ...p.layers.flatMap((l) => [
    ...l.unitPercentiles,
    ...l.layerPercentiles,
    ...(l.bn ? [l.bn.batchMean, l.bn.batchVariance, l.bn.movingMean, l.bn.movingVariance, l.bn.gamma, l.bn.beta, l.bn.inferMean, l.bn.inferVariance].flatMap((a) => [...a]) : []),
  ]),
];

const CASES: [string, ModelConfig][] = [
  ['the tutorial MLP', defaultExperiment().model],
  ['sigmoid without BN', mlp([{ units: 20, batchNorm: false, bnPosition: 'before' }, { units: 12, batchNorm: false, bnPosition: 'before' }], { activation: 'sigmoid' })],
  ['tanh with BN', mlp([{ units: 18, batchNorm: true, bnPosition: 'before' }], { activation: 'tanh' })],
];

describe('a probe through our WebAssembly kernels', () => {
  for (const [name, config] of CASES) {
    it(`${name}: the same figures as the tfjs probe, and nothing changes`, async () => {
      const net = createModel(config, 3);
      const optimizer = createOptimizer('adam', 1e-3);
      const splits = makeSplits(set, set, { ...defaultExperiment().train, batchSize: 20 });
      // Trained a little, so the moving statistics and gradients are not the initial ones.
      for (let s = 0; s < 5; s++) trainStep(net, optimizer, splits, Int32Array.from({ length: 20 }, (_, k) => s * 20 + k)).dispose();
      const rows = probeRows(splits.validation, 50);
      const before = tf.memory().numTensors;
      const fused = await probeModel(net, splits.validation, rows, 5);
      expect(tf.memory().numTensors).toBe(before);
      useFusedKernels(false);
      const plain = await probeModel(net, splits.validation, rows, 5);
      const [a, b] = [numbers(fused), numbers(plain)];
      expect(a.length).toBe(b.length);
      // Gradient norms to 1e-4: tfjs sums the ~100,000 squares of the first kernel's gradient in
      // float32 (our kernel in double, see mlpKernels.test.ts); every other figure to 1e-5.
      const norms = new Set(Array.from({ length: 2 * fused.gradNorms.length }, (_, i) => 4 + i));
      a.forEach((v, i) => expect(Math.abs(v - b[i]!), `value ${i}`).toBeLessThan((norms.has(i) ? 1e-4 : 1e-5) * Math.max(1, Math.abs(b[i]!))));
      // Probing twice gives the same figures: the probe changed no weight or statistic.
      useFusedKernels(true);
      expect(numbers(await probeModel(net, splits.validation, rows, 5))).toEqual(a);
      optimizer.dispose();
      disposeModel(net);
    });
  }
});
