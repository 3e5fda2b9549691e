import * as tf from '@tensorflow/tfjs-core';
import { mlpFormOf } from './mlpForm';
import { mlp } from './testing/mlp';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultExperiment, type ModelConfig } from './config';
import { LN_EPSILON, layerNorm } from './layerNorm';
import { allVariables, createModel, disposeModel, forward, trainableVariables } from './model';
import { parseExperiment } from './schema';
import { summarize } from './summary';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** LayerNorm by hand, in doubles: each row over its own units. */
function byHand(rows: number[][], gamma: number[], beta: number[]): number[][] {
  return rows.map((row) => {
    const mean = row.reduce((a, b) => a + b, 0) / row.length;
    const variance = row.reduce((a, b) => a + (b - mean) ** 2, 0) / row.length;
    return row.map((v, j) => (gamma[j]! * (v - mean)) / Math.sqrt(variance + LN_EPSILON) + beta[j]!);
  });
}

const lnModel = (position: 'before' | 'after'): ModelConfig =>
  mlp([
    { units: 6, batchNorm: false, bnPosition: position, layerNorm: true },
    { units: 5, batchNorm: false, bnPosition: position, layerNorm: true },
  ]);

/** Dense and LayerNorm layers of `net`'s hidden blocks, in order. */
const lnBlocks = (net: ReturnType<typeof createModel>) =>
  net.layers.flatMap((l, i) => {
    if (l.spec.kind !== 'dense' || i === net.layers.length - 1) return [];
    const ln = net.layers.slice(i + 1, i + 3).find((n) => n.spec.kind === 'layerNorm')!;
    return [{ kernel: l.variables[0]!, bias: l.variables[1]!, gamma: ln.variables[0]!, beta: ln.variables[1]! }];
  });

describe('layerNorm', () => {
  it('normalises each sample over its units, as a hand computation does (epsilon 1e-3)', () => {
    const rows = [
      [1, 2, 3, 4],
      [0, 0, 0, 8],
      [-0.5, 0.25, 0.01, 0.02],
    ];
    const gamma = [1, 2, 0.5, -1];
    const beta = [0, 0.1, 1, -2];
    const out = tf.tidy(() => layerNorm(tf.tensor2d(rows), tf.tensor1d(gamma), tf.tensor1d(beta)).arraySync());
    const expected = byHand(rows, gamma, beta);
    out.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[i]![j]!, 5)));
    // The first row: mean 2.5, variance 1.25, so its first value is -1.5 / sqrt(1.251).
    expect(out[0]![0]).toBeCloseTo(-1.5 / Math.sqrt(1.25 + 1e-3), 5);
  });

  it('gives a sample the same output alone as in any batch, in training and inference alike', () => {
    const net = createModel(lnModel('before'), 3);
    try {
      const xs = tf.tidy(() => tf.randomUniform([5, 784], 0, 1, 'float32', 11));
      const [whole, alone, inferred] = tf.tidy(() => [
        forward(net, xs as tf.Tensor2D, 'train').arraySync(),
        forward(net, tf.slice(xs, [2, 0], [1, 784]) as tf.Tensor2D, 'train').arraySync(),
        forward(net, xs as tf.Tensor2D, 'infer').arraySync(),
      ]);
      xs.dispose();
      alone[0]!.forEach((v, j) => expect(v).toBeCloseTo(whole[2]![j]!, 5));
      whole.forEach((row, i) => row.forEach((v, j) => expect(inferred[i]![j]).toBeCloseTo(v, 6)));
    } finally {
      disposeModel(net);
    }
  });

  it.each(['before', 'after'] as const)('the model computes Dense → LayerNorm and ReLU in order (%s the activation)', (position) => {
    const config = lnModel(position);
    const net = createModel(config, 5);
    try {
      const x = tf.tidy(() => tf.randomUniform([3, 784], 0, 1, 'float32', 2) as tf.Tensor2D);
      // Gamma and beta away from 1 and 0, so a swapped or missing one would show.
      lnBlocks(net).forEach((h, i) => {
        h.gamma.assign(tf.tidy(() => tf.linspace(0.5, 1.5 + i, h.gamma.shape[0]!)));
        h.beta.assign(tf.tidy(() => tf.linspace(-0.3, 0.2, h.beta.shape[0]!)));
      });
      const got = tf.tidy(() => forward(net, x, 'train').arraySync());
      const expected = tf.tidy(() => {
        let h: tf.Tensor2D = x;
        for (const layer of lnBlocks(net)) {
          const dense = tf.add(tf.matMul(h, layer.kernel), layer.bias) as tf.Tensor2D;
          const gamma = layer.gamma.arraySync() as number[];
          const beta = layer.beta.arraySync() as number[];
          const ln = (t: tf.Tensor2D) => tf.tensor2d(byHand(t.arraySync(), gamma, beta));
          h = position === 'before' ? tf.relu(ln(dense)) : ln(tf.relu(dense));
        }
        const [kernel, bias] = net.layers[net.layers.length - 1]!.variables;
        return tf.add(tf.matMul(h, kernel!), bias!).arraySync() as number[][];
      });
      x.dispose();
      got.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[i]![j]!, 4)));
    } finally {
      disposeModel(net);
    }
  });

  it('has trainable gamma and beta that receive gradients, no moving statistics, and frees every tensor', () => {
    const before = tf.memory().numTensors;
    const net = createModel(lnModel('before'), 1);
    const variables = allVariables(net);
    // Dense kernel and bias, LayerNorm gamma and beta, per hidden layer; then the output layer.
    expect(variables).toHaveLength(2 * 4 + 2);
    expect(variables.every((v) => v.trainable)).toBe(true);
    const xs = tf.tidy(() => tf.randomUniform([8, 784], 0, 1, 'float32', 4) as tf.Tensor2D);
    const labels = tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], 'int32');
    const lnVars = lnBlocks(net).flatMap((h) => [h.gamma, h.beta]);
    const norms = tf.tidy(() => {
      const { grads } = tf.variableGrads(
        () => tf.losses.softmaxCrossEntropy(tf.oneHot(labels, 10), forward(net, xs, 'train')) as tf.Scalar,
        trainableVariables(net),
      );
      return lnVars.map((v) => tf.norm(grads[v.name]!).dataSync()[0]!);
    });
    norms.forEach((n) => expect(n).toBeGreaterThan(0));
    xs.dispose();
    labels.dispose();
    disposeModel(net);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is listed by the summary as Keras lists LayerNormalization (2 trainable parameters per unit)', () => {
    const s = summarize(mlp([{ units: 128, batchNorm: false, bnPosition: 'before', layerNorm: true }]));
    expect(s.rows.map((r) => [r.type, r.params])).toEqual([
      ['Dense', 100_480],
      ['LayerNormalization', 256],
      ['ReLU', 0],
      ['Dense', 1_290],
      ['Softmax', 0],
    ]);
    expect(s.nonTrainable).toBe(0);
  });

  it('from an old config that asks for both on one layer, is kept beside BatchNorm (a list the form cannot show), not dropped', () => {
    const old = {
      ...defaultExperiment(),
      model: { inputBatchNorm: false, activation: 'relu', hidden: [{ units: 8, batchNorm: true, bnPosition: 'before', layerNorm: true }] },
    };
    const r = parseExperiment(old, 60_000);
    expect(r.ok && r.config.model.layers.map((l) => l.kind)).toEqual(['flatten', 'dense', 'batchNorm', 'layerNorm', 'activation', 'dense']);
    expect(r.ok && mlpFormOf(r.config.model.layers)).toBeNull();
  });
});
