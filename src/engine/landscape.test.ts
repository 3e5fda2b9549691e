import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { defaultExperiment, type ExperimentConfig, type ModelConfig } from './config';
import { gatherInputs, makeSplits, splitIndices, type Split } from './dataTensors';
import { LANDSCAPE_STEP_SIZES, measureLandscape } from './landscape';
import { crossEntropy } from './metrics';
import { allVariables, createModel, disposeModel, forward, trainableVariables, type Model } from './model';
import { createOptimizer } from './optimizers';
import { probeRows } from './probe';
import { mlp } from './testing/mlp';
import { trainStep } from './trainStep';
import { useSyntheticOnCpu } from './testing/syntheticOnCpu';

const images = useSyntheticOnCpu(200);

const withBn = mlp([
  { units: 24, batchNorm: true, bnPosition: 'before' },
  { units: 12, batchNorm: true, bnPosition: 'before', dropout: 0.3 },
]);
const withoutBn = mlp([
  { units: 24, batchNorm: false, bnPosition: 'before' },
  { units: 12, batchNorm: false, bnPosition: 'before' },
]);

function experiment(model: ModelConfig): ExperimentConfig {
  const config = defaultExperiment();
  config.model = model;
  config.train.trainLimit = 320;
  return config;
}

/** A model a few Adam steps into training, so its weights and moving statistics are no longer the initial ones. */
function trained(config: ExperimentConfig): { net: Model; split: Split } {
  const splits = makeSplits(images.train, images.test, config.train);
  const net = createModel(config.model, 5);
  const optimizer = createOptimizer('adam', 1e-2);
  for (let s = 0; s < 4; s++)
    trainStep(
      net,
      optimizer,
      splits,
      Int32Array.from({ length: 32 }, (_, i) => s * 32 + i),
    ).dispose();
  optimizer.dispose();
  return { net, split: splits.train };
}

/** Every variable's values, copied. */
const values = (net: Model) => allVariables(net).map((v) => Float32Array.from(v.dataSync()));

/**
 * The loss and gradient at `weights` (one Float32Array per trainable variable), computed directly:
 * a second model of the same layers with its variables assigned those values, read back at once.
 */
function lossAndGradAt(config: ExperimentConfig, source: Model, weights: Float32Array[], split: Split, rows: Int32Array) {
  const copy = createModel(config.model, 5);
  try {
    // The moving statistics too: training mode does not read them, but the copy is then the same network.
    allVariables(copy).forEach((v, i) => v.assign(tf.tensor(allVariables(source)[i]!.dataSync(), v.shape)));
    trainableVariables(copy).forEach((v, i) => v.assign(tf.tensor(weights[i]!, v.shape)));
    let out: { loss: number; grads: Float64Array[] } | null = null;
    tf.tidy(() => {
      const idx = splitIndices(split, rows);
      const xs = gatherInputs(split, idx);
      const labels = tf.gather(split.source.labels, idx);
      const vars = trainableVariables(copy);
      const { value, grads } = tf.variableGrads(() => crossEntropy(forward(copy, xs, 'train', { updateMovingStats: false }), labels), vars);
      out = { loss: value.dataSync()[0]!, grads: vars.map((v) => Float64Array.from(grads[v.name]!.dataSync())) };
    });
    return out!;
  } finally {
    disposeModel(copy);
  }
}

const norm = (parts: Float64Array[]) => Math.sqrt(parts.reduce((t, p) => t + p.reduce((s, x) => s + x * x, 0), 0));
const minus = (a: Float64Array[], b: Float64Array[]) => a.map((p, i) => p.map((x, j) => x - b[i]![j]!));

describe('measureLandscape', () => {
  it.each([
    ['with BatchNorm (and dropout)', withBn],
    ['without BatchNorm', withoutBn],
  ])('agrees with the loss and gradient computed directly at each w − η·g (%s)', async (_, model) => {
    const config = experiment(model);
    const { net, split } = trained(config);
    try {
      const rows = probeRows(split, 64);
      const measured = await measureLandscape(net, split, rows);
      const w = trainableVariables(net).map((v) => Float32Array.from(v.dataSync()));
      const here = lossAndGradAt(config, net, w, split, rows);
      const gNorm = norm(here.grads);
      expect(measured.loss).toBeCloseTo(here.loss, 5);
      expect(measured.gradNorm).toBeCloseTo(gNorm, 4);
      expect(measured.stepSizes).toEqual(LANDSCAPE_STEP_SIZES);
      const direct = LANDSCAPE_STEP_SIZES.map((eta) => {
        const moved = w.map((p, i) => Float32Array.from(p, (x, j) => x - eta * here.grads[i]![j]!));
        const there = lossAndGradAt(config, net, moved, split, rows);
        return { loss: there.loss, change: norm(minus(here.grads, there.grads)), beta: norm(minus(here.grads, there.grads)) / (eta * gNorm) };
      });
      direct.forEach((d, i) => {
        expect(measured.losses[i]).toBeCloseTo(d.loss, 4);
        expect(measured.gradChanges[i]! / d.change).toBeCloseTo(1, 3);
      });
      const all = [here.loss, ...direct.map((d) => d.loss)];
      expect(measured.lossRange).toBeCloseTo(Math.max(...all) - Math.min(...all), 4);
      expect(measured.maxGradChange / Math.max(...direct.map((d) => d.change))).toBeCloseTo(1, 3);
      expect(measured.beta / Math.max(...direct.map((d) => d.beta))).toBeCloseTo(1, 3);
    } finally {
      disposeModel(net);
    }
  });

  it('moves along the gradient of the loss it measures: a tiny step lowers the loss by η·‖g‖²', async () => {
    const config = experiment(withBn);
    const { net, split } = trained(config);
    try {
      const eta = 1e-3;
      const m = await measureLandscape(net, split, probeRows(split, 64), [eta]);
      // First order: L(w − η·g) ≈ L(w) − η·‖g‖².
      expect((m.loss - m.losses[0]!) / (eta * m.gradNorm ** 2)).toBeCloseTo(1, 1);
    } finally {
      disposeModel(net);
    }
  });

  it('changes nothing in the model, bit for bit, and frees every tensor and variable', async () => {
    const { net, split } = trained(experiment(withBn));
    try {
      const rows = probeRows(split);
      await measureLandscape(net, split, rows); // warm-up: kernels and gradients registered
      const before = values(net);
      const tensors = tf.memory().numTensors;
      for (let i = 0; i < 3; i++) {
        await measureLandscape(net, split, rows);
        expect(tf.memory().numTensors).toBe(tensors);
      }
      const after = values(net);
      after.forEach((v, i) => expect(Buffer.from(v.buffer).equals(Buffer.from(before[i]!.buffer))).toBe(true));
    } finally {
      disposeModel(net);
    }
  });

  it('frees what it made when the read-back fails', async () => {
    const { net, split } = trained(experiment(withBn));
    try {
      const tensors = tf.memory().numTensors;
      const failing = () => Promise.reject(new Error('halted'));
      await expect(measureLandscape(net, split, probeRows(split), LANDSCAPE_STEP_SIZES, failing)).rejects.toThrow('halted');
      expect(tf.memory().numTensors).toBe(tensors);
    } finally {
      disposeModel(net);
    }
  });

  it('refuses a batch of one image and step sizes that are not positive, with a message', async () => {
    const { net, split } = trained(experiment(withoutBn));
    try {
      await expect(measureLandscape(net, split, Int32Array.of(0))).rejects.toThrow('at least 2 images');
      await expect(measureLandscape(net, split, probeRows(split), [])).rejects.toThrow('positive step sizes');
      await expect(measureLandscape(net, split, probeRows(split), [0.1, -1])).rejects.toThrow('positive step sizes');
    } finally {
      disposeModel(net);
    }
  });
});
