import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultExperiment, type ModelConfig } from '../config';
import { makeSplits, uploadImageSet, type ImageTensors, type Splits } from '../dataTensors';
import { allVariables, createModel, disposeModel, forward, type Model } from '../model';
import { createOptimizer, type Optimizer } from '../optimizers';
import { mlp } from '../testing/mlp';
import { syntheticImageSet } from '../testing/syntheticData';
import { trainStep } from '../trainStep';
import { fusedTrainStep, useFusedKernels } from './fusedStep';

let set: ImageTensors;
/** The same images with ~80% of the pixels zero, as MNIST's: the first layer takes the sparse kernels. */
let sparseSet: ImageTensors;

beforeAll(async () => {
  await tf.setBackend('wasm');
  const images = syntheticImageSet(200);
  set = uploadImageSet(images);
  sparseSet = uploadImageSet({ ...images, pixels: images.pixels.map((v, i) => ((i * 7919) % 5 === 0 ? v : 0)) });
});

afterEach(() => {
  useFusedKernels(true);
  source = () => set;
});

let source = () => set;
const splitsAt = (batchSize: number): Splits => makeSplits(source(), source(), { ...defaultExperiment().train, batchSize });
const rowsOf = (step: number, batch: number) => Int32Array.from({ length: batch }, (_, k) => (step * batch + k * 7) % 200);

interface Trained {
  net: Model;
  optimizer: Optimizer;
  /** [loss, accuracy] per step. */
  metrics: number[][];
}

/** `steps` steps of a fresh model (seed 42) through the fused kernels or through tfjs. */
function train(config: ModelConfig, fused: boolean, steps: number, batch: number): Trained {
  useFusedKernels(fused);
  const net = createModel(config, 42);
  const optimizer = createOptimizer('adam', 1e-3);
  const metrics: number[][] = [];
  for (let s = 0; s < steps; s++) {
    const stats = trainStep(net, optimizer, splitsAt(batch), rowsOf(s, batch));
    metrics.push(Array.from(stats.dataSync()));
    stats.dispose();
  }
  return { net, optimizer, metrics };
}

const dispose = (...runs: Trained[]) => runs.forEach((r) => (r.optimizer.dispose(), disposeModel(r.net)));

const CASES: [string, ModelConfig][] = [
  ['the tutorial MLP (BN before ReLU)', defaultExperiment().model],
  ['ReLU without BN', mlp([{ units: 30, batchNorm: false, bnPosition: 'before' }])],
  ['sigmoid with BN, odd widths', mlp([{ units: 30, batchNorm: true, bnPosition: 'before' }, { units: 17, batchNorm: true, bnPosition: 'before' }], { activation: 'sigmoid' })],
  ['tanh without BN, BN momentum and epsilon of PyTorch', mlp([{ units: 9, batchNorm: false, bnPosition: 'before' }], { activation: 'tanh', bnMomentum: 0.9, bnEpsilon: 1e-5 })],
];

describe('the fused WebAssembly training step', () => {
  for (const [name, config, sparse] of CASES.flatMap(([n, c]) => [[n, c, false] as const, [`${n}, sparse inputs`, c, true] as const])) {
    it(`${name}: the same losses, weights, slots and moving statistics as tfjs' step`, () => {
      source = () => (sparse ? sparseSet : set);
      // 13 rows: no dimension a multiple of the kernels' tiles.
      const [fused, plain] = [train(config, true, 4, 13), train(config, false, 4, 13)];
      fused.metrics.forEach((m, s) => {
        expect(Math.abs(m[0]! - plain.metrics[s]![0]!), `loss at step ${s}`).toBeLessThan(1e-5);
        expect(m[1], `accuracy at step ${s}`).toBe(plain.metrics[s]![1]);
      });
      expect(fused.optimizer.iterations).toBe(4);
      const mine = [...allVariables(fused.net), ...fused.optimizer.slotVariables([])];
      const theirs = [...allVariables(plain.net), ...plain.optimizer.slotVariables([])];
      expect(mine.length).toBe(theirs.length);
      // After 4 Adam steps rounding differences grow: Adam divides each gradient by its own size.
      mine.forEach((v, i) => {
        const [a, b] = [v.dataSync(), theirs[i]!.dataSync()];
        let worst = 0;
        for (let j = 0; j < a.length; j++) worst = Math.max(worst, Math.abs(a[j]! - b[j]!));
        expect(worst, v.name).toBeLessThan(2e-4);
      });
      dispose(fused, plain);
    });
  }

  it('is reproducible bit for bit, and leaks no tensor', () => {
    const before = tf.memory().numTensors;
    const [a, b] = [train(defaultExperiment().model, true, 5, 32), train(defaultExperiment().model, true, 5, 32)];
    expect(a.metrics).toEqual(b.metrics);
    const vb = allVariables(b.net);
    allVariables(a.net).forEach((v, i) => expect(Array.from(v.dataSync())).toEqual(Array.from(vb[i]!.dataSync())));
    dispose(a, b);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('leaves to tfjs what it does not cover: dropout, SGD, another backend, a variable whose data is shared', async () => {
    const split = splitsAt(8).train;
    const rows = rowsOf(0, 8);
    const dropout = createModel(mlp([{ units: 16, batchNorm: true, bnPosition: 'before', dropout: 0.5 }]), 1);
    const adam = createOptimizer('adam', 1e-3);
    expect(fusedTrainStep(dropout, adam, split, rows)).toBeNull();
    const net = createModel(defaultExperiment().model, 1);
    const sgd = createOptimizer('sgd', 0.1);
    expect(fusedTrainStep(net, sgd, split, rows)).toBeNull();
    const kernel = allVariables(net)[0]!;
    // A reshape shares the variable's data (a clone, on wasm, copies it).
    const shared = tf.reshape(kernel, [-1]);
    const before = Array.from(shared.dataSync());
    expect(fusedTrainStep(net, adam, split, rows)).toBeNull();
    expect(Array.from(shared.dataSync())).toEqual(before);
    shared.dispose();
    const stats = fusedTrainStep(net, adam, split, rows);
    expect(stats).not.toBeNull();
    stats?.dispose();
    await tf.setBackend('cpu');
    try {
      const onCpu = createModel(defaultExperiment().model, 1);
      const cpuSet = uploadImageSet(syntheticImageSet(8));
      expect(fusedTrainStep(onCpu, adam, makeSplits(cpuSet, cpuSet, defaultExperiment().train).train, rows)).toBeNull();
      disposeModel(onCpu);
      tf.dispose([cpuSet.xs, cpuSet.labels]);
    } finally {
      await tf.setBackend('wasm');
    }
    [adam, sgd].forEach((o) => o.dispose());
    [dropout, net].forEach(disposeModel);
  });
});

describe('tfjs after the fused step', () => {
  it("computes with the weights as they are now, not as tfjs' XNNPACK packed them before the fused steps", () => {
    useFusedKernels(true);
    const net = createModel(defaultExperiment().model, 42);
    const optimizer = createOptimizer('adam', 1e-2);
    const xs = tf.slice(set.xs, [0, 0], [50, 784]);
    // tfjs packs the kernels now, at their initial values.
    tf.tidy(() => forward(net, xs, 'infer').dataSync());
    for (let s = 0; s < 5; s++) {
      const stats = trainStep(net, optimizer, splitsAt(32), rowsOf(s, 32));
      stats.dispose();
    }
    const ours = tf.tidy(() => Array.from(forward(net, xs, 'infer').dataSync()));
    // The same weights in a fresh model, whose variables tfjs has never packed.
    const twin = createModel(defaultExperiment().model, 1);
    allVariables(twin).forEach((v, i) => v.assign(tf.tensor(allVariables(net)[i]!.dataSync().slice(), v.shape)));
    const expected = tf.tidy(() => Array.from(forward(twin, xs, 'infer').dataSync()));
    expect(Math.max(...ours.map((v, i) => Math.abs(v - expected[i]!)))).toBeLessThan(1e-5);
    xs.dispose();
    dispose({ net, optimizer, metrics: [] }, { net: twin, optimizer: createOptimizer('adam', 1e-3), metrics: [] });
  });
});
