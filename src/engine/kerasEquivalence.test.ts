import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BN_EPSILON, BN_MOMENTUM, defaultExperiment, type ModelConfig, type OptimizerKind } from './config';
import { disposeImageTensors, makeSplits, uploadImageSet } from './dataTensors';
import { createMlp, disposeMlp, forward, type BnParams, type Mlp } from './model';
import { ADAM, MOMENTUM, createOptimizer } from './optimizers';
import { KerasAdam } from './testing/kerasAdam';
import { syntheticImageSet } from './testing/syntheticData';
import { trainStep } from './train';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** The same network as `mlp`, built from tf.layers as Keras would, with `mlp`'s weights copied in. */
function kerasTwin(mlp: Mlp): tf.Sequential {
  const model = tf.sequential();
  const bnLayer = (bn: BnParams, inputShape?: number[]) => {
    const layer = tf.layers.batchNormalization({ momentum: BN_MOMENTUM, epsilon: BN_EPSILON, inputShape });
    return { layer, weights: [bn.gamma, bn.beta, bn.movingMean, bn.movingVariance] };
  };
  const pending: Array<{ layer: tf.layers.Layer; weights: tf.Tensor[] }> = [];
  const add = (layer: tf.layers.Layer, weights: tf.Tensor[] = []) => {
    model.add(layer);
    pending.push({ layer, weights });
  };
  if (mlp.inputBn) {
    const { layer, weights } = bnLayer(mlp.inputBn, [784]);
    add(layer, weights);
  }
  const act = mlp.config.activation;
  mlp.hidden.forEach((h, i) => {
    add(
      tf.layers.dense({ units: h.dense.bias.shape[0]!, inputShape: i === 0 && !mlp.inputBn ? [784] : undefined }),
      [h.dense.kernel, h.dense.bias],
    );
    if (h.bn && h.bnPosition === 'before') {
      const { layer, weights } = bnLayer(h.bn);
      add(layer, weights);
    }
    add(tf.layers.activation({ activation: act }));
    if (h.bn && h.bnPosition === 'after') {
      const { layer, weights } = bnLayer(h.bn);
      add(layer, weights);
    }
  });
  add(tf.layers.dense({ units: 10, activation: 'softmax' }), [mlp.output.kernel, mlp.output.bias]);
  for (const { layer, weights } of pending) if (weights.length) layer.setWeights(weights.map((w) => w.clone()));
  return model;
}

/** Keras' optimizers: Adam written out from Keras 3's source (tfjs' own adds ε to √v̂, not to √v); SGD and momentum are tfjs' and Keras' alike. */
function kerasOptimizer(kind: OptimizerKind, lr: number): tf.Optimizer {
  if (kind === 'adam') return new KerasAdam(lr, ADAM.beta1, ADAM.beta2, ADAM.epsilon);
  if (kind === 'momentum') return tf.train.momentum(lr, MOMENTUM);
  return tf.train.sgd(lr);
}

/** Our variables and the twin's weights, in the same order. */
function kerasWeights(model: tf.Sequential): tf.Tensor[] {
  return model.layers.flatMap((l) => l.getWeights());
}

function ourWeights(mlp: Mlp): tf.Variable[] {
  const bn = (b: BnParams | null) => (b ? [b.gamma, b.beta, b.movingMean, b.movingVariance] : []);
  return [
    ...bn(mlp.inputBn),
    ...mlp.hidden.flatMap((h) => [h.dense.kernel, h.dense.bias, ...bn(h.bn)]),
    mlp.output.kernel,
    mlp.output.bias,
  ];
}

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
}

const tutorial = defaultExperiment().model;
const notebookBn: ModelConfig = {
  inputBatchNorm: true,
  activation: 'relu',
  hidden: [
    { units: 32, batchNorm: true, bnPosition: 'after' },
    { units: 16, batchNorm: true, bnPosition: 'after' },
  ],
};
const sigmoidMixed: ModelConfig = {
  inputBatchNorm: false,
  activation: 'sigmoid',
  hidden: [
    { units: 20, batchNorm: false, bnPosition: 'before' },
    { units: 20, batchNorm: true, bnPosition: 'before' },
    { units: 20, batchNorm: true, bnPosition: 'after' },
  ],
};
const tanhPlain: ModelConfig = { ...sigmoidMixed, activation: 'tanh' };

const reluPlain: ModelConfig = {
  inputBatchNorm: false,
  activation: 'relu',
  hidden: [
    { units: 32, batchNorm: false, bnPosition: 'before' },
    { units: 16, batchNorm: false, bnPosition: 'before' },
  ],
};

const cases: Array<[string, ModelConfig, OptimizerKind]> = [
  ['ReLU without BN (fused kernels), Adam', reluPlain, 'adam'],
  ['tutorial BN before ReLU, Adam', tutorial, 'adam'],
  ['notebook input BN, BN after ReLU, Adam', notebookBn, 'adam'],
  ['sigmoid, mixed BN, SGD', sigmoidMixed, 'sgd'],
  ['tanh, mixed BN, momentum', tanhPlain, 'momentum'],
];

describe('forward pass and one step match tf.layers (Keras semantics)', () => {
  const owned: Array<() => void> = [];
  afterEach(() => owned.splice(0).forEach((f) => f()));

  it.each(cases)('%s', async (_name, modelConfig, optimizerKind) => {
    const set = uploadImageSet(syntheticImageSet(64, 3));
    const mlp = createMlp(modelConfig, 11);
    const twin = kerasTwin(mlp);
    owned.push(() => disposeImageTensors(set), () => disposeMlp(mlp), () => twin.dispose());
    const batch = set.xs.slice([0, 0], [32, 784]);
    const labels = set.labels.slice([0], [32]);

    // Inference mode: moving statistics.
    const ours = tf.tidy(() => tf.softmax(forward(mlp, batch, 'infer')));
    const theirs = twin.predict(batch) as tf.Tensor;
    expect(maxAbsDiff(ours, theirs)).toBeLessThan(1e-5);

    // Training mode: batch statistics, without touching the moving statistics on our side.
    const oursTrain = tf.tidy(() => tf.softmax(forward(mlp, batch, 'train', { updateMovingStats: false })));
    const theirsTrain = tf.tidy(() => twin.apply(batch, { training: true }) as tf.Tensor);
    expect(maxAbsDiff(oursTrain, theirsTrain)).toBeLessThan(1e-5);
    // Inference and training outputs differ when BN is present: the comparison above is not vacuous.
    if (mlp.hidden.some((h) => h.bn)) expect(maxAbsDiff(oursTrain, ours)).toBeGreaterThan(1e-3);

    // The apply() above updated the twin's moving statistics; reset them before the step.
    const twin2 = kerasTwin(mlp);
    owned.push(() => twin2.dispose());
    const lr = optimizerKind === 'adam' ? 1e-2 : 0.1;
    twin2.compile({ optimizer: kerasOptimizer(optimizerKind, lr), loss: 'categoricalCrossentropy' });
    const oneHot = tf.oneHot(labels, 10);
    await twin2.trainOnBatch(batch, oneHot);
    await twin2.trainOnBatch(batch, oneHot);

    const before = mlp.output.kernel.clone();
    const optimizer = createOptimizer(optimizerKind, lr);
    owned.push(() => optimizer.dispose());
    const splits = makeSplits(set, set, { ...defaultExperiment().train, trainLimit: 32 });
    const order = Int32Array.from({ length: 32 }, (_, i) => i);
    trainStep(mlp, optimizer, splits, order).dispose();
    trainStep(mlp, optimizer, splits, order).dispose();

    // A bias right before BN, and that BN's moving mean, which averages the bias in.
    const biasesBeforeBn = new Set<tf.Tensor>(
      mlp.hidden.filter((h) => h.bn && h.bnPosition === 'before').flatMap((h) => [h.dense.bias, h.bn!.movingMean]),
    );
    const a = ourWeights(mlp);
    const b = kerasWeights(twin2);
    expect(a.length).toBe(b.length);
    a.forEach((w, i) => {
      expect(w.shape).toEqual(b[i]!.shape);
      // Adam divides each gradient by its own running size, so where a true gradient is ~0 (a
      // Dense bias right before BatchNorm; a few kernel entries) float noise decides the sign of
      // the update. Those entries (and the moving mean the bias feeds) may differ by up to a
      // step; every other entry must agree.
      const outliers = tf.tidy(() => tf.sum(tf.cast(tf.greater(tf.abs(tf.sub(w, b[i]!)), 2e-5), 'float32')).dataSync()[0]!);
      const allowed = optimizerKind !== 'adam' ? 0 : biasesBeforeBn.has(w) ? w.size : Math.floor(w.size * 1e-3);
      expect(outliers, w.name).toBeLessThanOrEqual(allowed);
      expect(maxAbsDiff(w, b[i]!), w.name).toBeLessThan(4 * lr);
    });
    // The step really moved the weights.
    expect(maxAbsDiff(before, mlp.output.kernel)).toBeGreaterThan(1e-4);
    [before, ours, theirs, oursTrain, theirsTrain, batch, labels, oneHot].forEach((t) => t.dispose());
  });
});
