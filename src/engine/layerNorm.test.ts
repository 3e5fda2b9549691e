import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultExperiment, type ModelConfig } from './config';
import { LN_EPSILON, layerNorm } from './layerNorm';
import { allVariables, createMlp, disposeMlp, forward, trainableVariables } from './model';
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

const lnModel = (position: 'before' | 'after'): ModelConfig => ({
  inputBatchNorm: false,
  activation: 'relu',
  hidden: [
    { units: 6, batchNorm: false, bnPosition: position, layerNorm: true },
    { units: 5, batchNorm: false, bnPosition: position, layerNorm: true },
  ],
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
    const mlp = createMlp(lnModel('before'), 3);
    try {
      const xs = tf.tidy(() => tf.randomUniform([5, 784], 0, 1, 'float32', 11));
      const [whole, alone, inferred] = tf.tidy(() => [
        forward(mlp, xs as tf.Tensor2D, 'train').arraySync(),
        forward(mlp, tf.slice(xs, [2, 0], [1, 784]) as tf.Tensor2D, 'train').arraySync(),
        forward(mlp, xs as tf.Tensor2D, 'infer').arraySync(),
      ]);
      xs.dispose();
      alone[0]!.forEach((v, j) => expect(v).toBeCloseTo(whole[2]![j]!, 5));
      whole.forEach((row, i) => row.forEach((v, j) => expect(inferred[i]![j]).toBeCloseTo(v, 6)));
    } finally {
      disposeMlp(mlp);
    }
  });

  it.each(['before', 'after'] as const)('the model computes Dense → LayerNorm and ReLU in order (%s the activation)', (position) => {
    const config = lnModel(position);
    const mlp = createMlp(config, 5);
    try {
      const x = tf.tidy(() => tf.randomUniform([3, 784], 0, 1, 'float32', 2) as tf.Tensor2D);
      // Gamma and beta away from 1 and 0, so a swapped or missing one would show.
      mlp.hidden.forEach((h, i) => {
        h.ln!.gamma.assign(tf.tidy(() => tf.linspace(0.5, 1.5 + i, h.ln!.gamma.shape[0]!)));
        h.ln!.beta.assign(tf.tidy(() => tf.linspace(-0.3, 0.2, h.ln!.beta.shape[0]!)));
      });
      const got = tf.tidy(() => forward(mlp, x, 'train').arraySync());
      const expected = tf.tidy(() => {
        let h: tf.Tensor2D = x;
        for (const layer of mlp.hidden) {
          const dense = tf.add(tf.matMul(h, layer.dense.kernel), layer.dense.bias) as tf.Tensor2D;
          const gamma = layer.ln!.gamma.arraySync() as number[];
          const beta = layer.ln!.beta.arraySync() as number[];
          const ln = (t: tf.Tensor2D) => tf.tensor2d(byHand(t.arraySync(), gamma, beta));
          h = position === 'before' ? tf.relu(ln(dense)) : ln(tf.relu(dense));
        }
        return tf.add(tf.matMul(h, mlp.output.kernel), mlp.output.bias).arraySync() as number[][];
      });
      x.dispose();
      got.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[i]![j]!, 4)));
    } finally {
      disposeMlp(mlp);
    }
  });

  it('has trainable gamma and beta that receive gradients, no moving statistics, and frees every tensor', () => {
    const before = tf.memory().numTensors;
    const mlp = createMlp(lnModel('before'), 1);
    const variables = allVariables(mlp);
    // Dense kernel and bias, LayerNorm gamma and beta, per hidden layer; then the output layer.
    expect(variables).toHaveLength(2 * 4 + 2);
    expect(variables.every((v) => v.trainable)).toBe(true);
    const xs = tf.tidy(() => tf.randomUniform([8, 784], 0, 1, 'float32', 4) as tf.Tensor2D);
    const labels = tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], 'int32');
    const lnVars = mlp.hidden.flatMap((h) => [h.ln!.gamma, h.ln!.beta]);
    const norms = tf.tidy(() => {
      const { grads } = tf.variableGrads(
        () => tf.losses.softmaxCrossEntropy(tf.oneHot(labels, 10), forward(mlp, xs, 'train')) as tf.Scalar,
        trainableVariables(mlp),
      );
      return lnVars.map((v) => tf.norm(grads[v.name]!).dataSync()[0]!);
    });
    norms.forEach((n) => expect(n).toBeGreaterThan(0));
    xs.dispose();
    labels.dispose();
    disposeMlp(mlp);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is listed by the summary as Keras lists LayerNormalization (2 trainable parameters per unit)', () => {
    const s = summarize({ ...defaultExperiment().model, hidden: [{ units: 128, batchNorm: false, bnPosition: 'before', layerNorm: true }] });
    expect(s.rows.map((r) => [r.type, r.params])).toEqual([
      ['Dense', 100_480],
      ['LayerNormalization', 256],
      ['ReLU', 0],
      ['Dense', 1_290],
      ['Softmax', 0],
    ]);
    expect(s.nonTrainable).toBe(0);
  });

  it('is refused together with BatchNorm on one layer, with a message naming the field', () => {
    const c = defaultExperiment();
    c.model.hidden[1] = { ...c.model.hidden[1]!, batchNorm: true, layerNorm: true };
    const r = parseExperiment(c, 60_000);
    expect(r).toEqual({ ok: false, errors: { 'model.hidden.1.layerNorm': 'A layer takes BatchNorm or LayerNorm, not both' } });
    c.model.hidden[1]!.batchNorm = false;
    expect(parseExperiment(c, 60_000).ok).toBe(true);
  });
});
