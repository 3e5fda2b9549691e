import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultExperiment, type ModelConfig, type OptimizerKind } from './config';
import { disposeImageTensors, makeSplits, uploadImageSet } from './dataTensors';
import type { HiddenLayerForm } from './mlpForm';
import { allVariables, createModel, disposeModel, forward, type Model } from './model';
import { mlp } from './testing/mlp';
import { ADAM, MOMENTUM, createOptimizer } from './optimizers';
import { KerasAdam } from './testing/kerasAdam';
import { syntheticImageSet } from './testing/syntheticData';
import { trainStep } from './train';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** The same network as `net`, built from tf.layers as Keras would (one Keras layer per entry of the list), with `net`'s weights copied in. */
function kerasTwin(net: Model): tf.Sequential {
  const model = tf.sequential();
  const pending: Array<{ layer: tf.layers.Layer; weights: tf.Tensor[] }> = [];
  const last = net.layers.length - 1;
  net.layers.forEach((l, i) => {
    const spec = l.spec;
    // The data arrives flat: a leading Flatten is no layer, and the next one takes the input shape.
    if (spec.kind === 'flatten' && i === 0) return;
    // A network that starts on the image sees the flat data as one.
    if (i === 0 && spec.kind !== 'dense') model.add(tf.layers.reshape({ targetShape: [28, 28, 1], inputShape: [784] }));
    const inputShape = model.layers.length === 0 ? [784] : undefined;
    let layer: tf.layers.Layer;
    switch (spec.kind) {
      case 'conv2d':
        layer = tf.layers.conv2d({ filters: spec.filters, kernelSize: spec.kernel, strides: spec.stride, padding: spec.padding });
        break;
      case 'maxPool':
        layer = tf.layers.maxPooling2d({ poolSize: spec.size });
        break;
      case 'avgPool':
        layer = tf.layers.averagePooling2d({ poolSize: spec.size });
        break;
      case 'flatten':
        layer = tf.layers.flatten();
        break;
      case 'globalAvgPool':
        layer = tf.layers.globalAveragePooling2d({});
        break;
      case 'dense':
        layer = tf.layers.dense({ units: spec.units, inputShape, ...(i === last ? { activation: 'softmax' } : {}) });
        break;
      case 'batchNorm':
        layer = tf.layers.batchNormalization({ momentum: spec.momentum, epsilon: spec.epsilon, inputShape });
        break;
      case 'layerNorm':
        layer = tf.layers.layerNormalization({ epsilon: spec.epsilon, inputShape });
        break;
      case 'activation':
        layer = tf.layers.activation({ activation: spec.fn, inputShape });
        break;
      default:
        throw new Error(`no twin for ${spec.kind}`);
    }
    model.add(layer);
    pending.push({ layer, weights: l.variables });
  });
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

/** Our variables in Keras' order: layer by layer, each kind's own order (which is Keras'). */
const ourWeights = (net: Model): tf.Variable[] => allVariables(net);

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
}

const tutorial = defaultExperiment().model;
const notebookBn = mlp(
  [
    { units: 32, batchNorm: true, bnPosition: 'after' },
    { units: 16, batchNorm: true, bnPosition: 'after' },
  ],
  { inputBatchNorm: true },
);
const mixed: HiddenLayerForm[] = [
  { units: 20, batchNorm: false, bnPosition: 'before' },
  { units: 20, batchNorm: true, bnPosition: 'before' },
  { units: 20, batchNorm: true, bnPosition: 'after' },
];
const sigmoidMixed = mlp(mixed, { activation: 'sigmoid' });
const tanhPlain = mlp(mixed, { activation: 'tanh' });
const reluPlain = mlp([
  { units: 32, batchNorm: false, bnPosition: 'before' },
  { units: 16, batchNorm: false, bnPosition: 'before' },
]);
const layerNormMomentum = mlp(
  [
    { units: 24, batchNorm: false, bnPosition: 'before', layerNorm: true },
    { units: 16, batchNorm: true, bnPosition: 'before' },
  ],
  { bnMomentum: 0.9, bnEpsilon: 1e-5 },
);

/** d2l's LeNet with BatchNorm after every weight layer but the last (per channel after the convolutions). */
const leNetBn: ModelConfig = {
  layers: [
    { kind: 'conv2d', filters: 6, kernel: 5, stride: 1, padding: 'valid' },
    { kind: 'batchNorm', momentum: 0.99, epsilon: 1e-3 },
    { kind: 'activation', fn: 'sigmoid' },
    { kind: 'avgPool', size: 2 },
    { kind: 'conv2d', filters: 16, kernel: 5, stride: 1, padding: 'valid' },
    { kind: 'batchNorm', momentum: 0.99, epsilon: 1e-3 },
    { kind: 'activation', fn: 'sigmoid' },
    { kind: 'avgPool', size: 2 },
    { kind: 'flatten' },
    { kind: 'dense', units: 12 },
    { kind: 'batchNorm', momentum: 0.99, epsilon: 1e-3 },
    { kind: 'activation', fn: 'sigmoid' },
    { kind: 'dense', units: 10 },
  ],
};
/** Convolutions fused with ReLU, stride 2 with 'same' padding, BatchNorm after ReLU, max pooling, global average pooling. */
const modernConv: ModelConfig = {
  layers: [
    { kind: 'conv2d', filters: 8, kernel: 3, stride: 1, padding: 'same' },
    { kind: 'activation', fn: 'relu' },
    { kind: 'batchNorm', momentum: 0.9, epsilon: 1e-5 },
    { kind: 'maxPool', size: 2 },
    { kind: 'conv2d', filters: 12, kernel: 3, stride: 2, padding: 'same' },
    { kind: 'batchNorm', momentum: 0.99, epsilon: 1e-3 },
    { kind: 'activation', fn: 'relu' },
    { kind: 'globalAvgPool' },
    { kind: 'dense', units: 10 },
  ],
};

const cases: Array<[string, ModelConfig, OptimizerKind]> = [
  ['LeNet with per-channel BN, sigmoid, avg pools, SGD', leNetBn, 'sgd'],
  // Momentum: Adam's sign noise on near-zero gradients (see below) is covered by the MLP cases; here every entry must agree.
  ['convolutions with ReLU, stride 2, max and global pools, momentum', modernConv, 'momentum'],
  ['ReLU without BN (fused kernels), Adam', reluPlain, 'adam'],
  ['tutorial BN before ReLU, Adam', tutorial, 'adam'],
  ['notebook input BN, BN after ReLU, Adam', notebookBn, 'adam'],
  ['sigmoid, mixed BN, SGD', sigmoidMixed, 'sgd'],
  ['tanh, mixed BN, momentum', tanhPlain, 'momentum'],
  // SGD: under Adam a LayerNorm beta whose true gradient is ~0 takes a full step of either sign from float noise.
  ['LayerNorm, then BN with PyTorch-like momentum and epsilon, SGD', layerNormMomentum, 'sgd'],
];

describe('forward pass and one step match tf.layers (Keras semantics)', () => {
  const owned: Array<() => void> = [];
  afterEach(() => owned.splice(0).forEach((f) => f()));

  it.each(cases)('%s', async (_name, modelConfig, optimizerKind) => {
    const set = uploadImageSet(syntheticImageSet(64, 3));
    const net = createModel(modelConfig, 11);
    const twin = kerasTwin(net);
    owned.push(
      () => disposeImageTensors(set),
      () => disposeModel(net),
      () => twin.dispose(),
    );
    const batch = set.xs.slice([0, 0], [32, 784]);
    const labels = set.labels.slice([0], [32]);

    // Inference mode: moving statistics.
    const ours = tf.tidy(() => tf.softmax(forward(net, batch, 'infer')));
    const theirs = twin.predict(batch) as tf.Tensor;
    expect(maxAbsDiff(ours, theirs)).toBeLessThan(1e-5);

    // Training mode: batch statistics, without touching the moving statistics on our side.
    const oursTrain = tf.tidy(() => tf.softmax(forward(net, batch, 'train', { updateMovingStats: false })));
    const theirsTrain = tf.tidy(() => twin.apply(batch, { training: true }) as tf.Tensor);
    expect(maxAbsDiff(oursTrain, theirsTrain)).toBeLessThan(1e-5);
    // Inference and training outputs differ when BN is present: the comparison above is not vacuous.
    if (net.layers.some((l) => l.spec.kind === 'batchNorm')) expect(maxAbsDiff(oursTrain, ours)).toBeGreaterThan(1e-3);

    // The apply() above updated the twin's moving statistics; reset them before the step.
    const twin2 = kerasTwin(net);
    owned.push(() => twin2.dispose());
    const lr = optimizerKind === 'adam' ? 1e-2 : 0.1;
    twin2.compile({ optimizer: kerasOptimizer(optimizerKind, lr), loss: 'categoricalCrossentropy' });
    const oneHot = tf.oneHot(labels, 10);
    await twin2.trainOnBatch(batch, oneHot);
    await twin2.trainOnBatch(batch, oneHot);

    const outputKernel = net.layers[net.layers.length - 1]!.variables[0]!;
    const before = outputKernel.clone();
    const optimizer = createOptimizer(optimizerKind, lr);
    owned.push(() => optimizer.dispose());
    const splits = makeSplits(set, set, { ...defaultExperiment().train, trainLimit: 32 });
    const order = Int32Array.from({ length: 32 }, (_, i) => i);
    trainStep(net, optimizer, splits, order).dispose();
    trainStep(net, optimizer, splits, order).dispose();

    // A bias right before BN, and that BN's moving mean, which averages the bias in.
    const biasesBeforeBn = new Set<tf.Tensor>(
      net.layers.flatMap((l, i) => {
        const next = net.layers[i + 1];
        return l.spec.kind === 'dense' && next?.spec.kind === 'batchNorm' ? [l.variables[1]!, next.variables[2]!] : [];
      }),
    );
    const a = ourWeights(net);
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
    expect(maxAbsDiff(before, outputKernel)).toBeGreaterThan(1e-4);
    [before, ours, theirs, oursTrain, theirsTrain, batch, labels, oneHot].forEach((t) => t.dispose());
  });
});
