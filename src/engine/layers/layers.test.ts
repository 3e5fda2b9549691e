import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultExperiment, type ExperimentConfig } from '../config';
import { disposeImageTensors, makeSplits, uploadImageSet } from '../dataTensors';
import { createModel, disposeModel, forward, KERNELS, trainableVariables } from '../model';
import { RunControl } from '../runControl';
import { syntheticImageSet } from '../testing/syntheticData';
import { runExperiment } from '../train';
import { layersFromMlpForm, mlpFormOf, type MlpForm } from '../mlpForm';
import { createRng } from '../rng';
import { parseExperiment } from '../schema';
import { summarize } from '../summary';
import { convNet, imageNet } from '../testing/imageNet';
import { mlp } from '../testing/mlp';
import { LAYER_DEFS } from './registry';
import { inferShapes } from './shapes';
import type { LayerSpec } from './spec';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const withLayers = (layers: unknown[]): unknown => ({ ...defaultExperiment(), model: { layers } });

describe('layer lists', () => {
  it('infer shapes from the image to the ten logits', () => {
    const r = inferShapes(imageNet);
    expect(r.ok && r.shapes).toEqual([[14, 14, 1], [14, 14, 1], [7, 7, 1], [49], [12], [12], [12], [10]]);
    expect(inferShapes([{ kind: 'globalAvgPool' }, { kind: 'dense', units: 10 }])).toMatchObject({ ok: true });
  });

  it.each<[string, unknown[], string, string]>([
    ['a Dense on the image', [{ kind: 'dense', units: 10 }], 'model.layers.0', 'Layer 1 (Dense): Dense needs a flat input: put a Flatten before it'],
    [
      'a pool larger than its input',
      [{ kind: 'maxPool', size: 8 }, { kind: 'maxPool', size: 4 }, { kind: 'flatten' }, { kind: 'dense', units: 10 }],
      'model.layers.1',
      'Layer 2 (Max pool): A 4×4 pool is larger than its 3×3 input',
    ],
    [
      'pooling a flat input',
      [{ kind: 'flatten' }, { kind: 'avgPool', size: 2 }],
      'model.layers.1',
      'Layer 2 (Average pool): Pooling needs an image input (height, width, channels)',
    ],
    [
      'no ten outputs',
      [{ kind: 'flatten' }, { kind: 'dense', units: 7 }],
      'model.layers.1',
      'The network must end in 10 outputs (a Dense of 10 units), not (7)',
    ],
    ['an unknown kind', [{ kind: 'flatten' }, { kind: 'transformer' }], 'model.layers.1.kind', 'Layer 2: there is no layer kind "transformer"'],
    [
      'a convolution after Flatten',
      [{ kind: 'flatten' }, { kind: 'conv2d', filters: 4, kernel: 3, stride: 1, padding: 'same' }],
      'model.layers.1',
      'Layer 2 (Conv2D): Conv2D needs an image input (height, width, channels): put it before Flatten',
    ],
    [
      'a kernel larger than its unpadded input',
      [
        { kind: 'maxPool', size: 8 },
        { kind: 'conv2d', filters: 4, kernel: 5, stride: 1, padding: 'valid' },
      ],
      'model.layers.1',
      'Layer 2 (Conv2D): A 5×5 kernel without padding is larger than its 3×3 input',
    ],
    [
      'groups that do not divide the channels',
      [
        { kind: 'conv2d', filters: 6, kernel: 3, stride: 1, padding: 'same' },
        { kind: 'groupNorm', groups: 4, epsilon: 1e-3 },
      ],
      'model.layers.1',
      'Layer 2 (GroupNorm): 4 groups do not divide its 6 channels evenly',
    ],
    [
      'a kernel size the form does not offer',
      [{ kind: 'conv2d', filters: 4, kernel: 4, stride: 1, padding: 'same' }],
      'model.layers.0.kernel',
      'Kernel size must be 3 or 5',
    ],
    [
      'a bad field',
      [{ kind: 'flatten' }, { kind: 'dropout', rate: 0.95 }, { kind: 'dense', units: 10 }],
      'model.layers.1.rate',
      'Dropout rate must be at most 0.9',
    ],
  ])('refuses %s with a message naming the layer', (_, layers, path, message) => {
    const r = parseExperiment(withLayers(layers), 60_000);
    expect(r).toEqual({ ok: false, errors: { [path]: message } });
  });

  it('accept every built kind, train a step on it, and free every tensor', () => {
    const config = parseExperiment(withLayers(imageNet), 60_000);
    expect(config.ok).toBe(true);
    if (!config.ok) return;
    const before = tf.memory().numTensors;
    const net = createModel(config.config.model, 1);
    const xs = tf.tidy(() => tf.randomUniform([4, 784], 0, 1, 'float32', 3) as tf.Tensor2D);
    const norms = tf.tidy(() => {
      const { grads } = tf.variableGrads(() => tf.mean(tf.square(forward(net, xs, 'train', { rng: createRng(1) }))) as tf.Scalar, trainableVariables(net));
      return Object.values(grads).map((g) => tf.norm(g).dataSync()[0]!);
    });
    expect(norms.every((n) => Number.isFinite(n) && n > 0)).toBe(true);
    const out = tf.tidy(() => forward(net, xs, 'infer').shape);
    expect(out).toEqual([4, 10]);
    xs.dispose();
    disposeModel(net);
    expect(tf.memory().numTensors).toBe(before);
    const s = summarize(config.config.model);
    expect(s.rows.map((r) => [r.type, r.outputShape])).toEqual([
      ['MaxPooling2D', '(None, 14, 14, 1)'],
      ['BatchNormalization', '(None, 14, 14, 1)'],
      ['AveragePooling2D', '(None, 7, 7, 1)'],
      ['Flatten', '(None, 49)'],
      ['Dense', '(None, 12)'],
      ['Activation', '(None, 12)'],
      ['Dropout', '(None, 12)'],
      ['Dense', '(None, 10)'],
      ['Softmax', '(None, 10)'],
    ]);
  });

  it('write and read each kind’s link token, and a whole list as net=', () => {
    const specs: LayerSpec[] = [
      ...imageNet,
      ...convNet,
      { kind: 'groupNorm', groups: 8, epsilon: 1e-5 },
      { kind: 'conv2d', filters: 64, kernel: 5, stride: 2, padding: 'valid' },
      { kind: 'layerNorm', epsilon: 1e-5 },
      { kind: 'layerNorm', epsilon: 1e-3 },
      { kind: 'batchNorm', momentum: 0.99, epsilon: 1e-3 },
      { kind: 'globalAvgPool' },
    ];
    for (const spec of specs) {
      const def = LAYER_DEFS[spec.kind as keyof typeof LAYER_DEFS];
      expect(def.parseToken(def.formatToken(spec))).toEqual(spec);
      // No other kind claims the token.
      const claims = Object.values(LAYER_DEFS).filter((d) => d.parseToken(def.formatToken(spec)) !== null);
      expect(claims).toEqual([def]);
    }
  });
});

describe('the MLP form, a view of the list', () => {
  const form: MlpForm = {
    inputBatchNorm: true,
    activation: 'sigmoid',
    hidden: [
      { units: 30, batchNorm: true, bnPosition: 'after', dropout: 0.5 },
      { units: 20, batchNorm: false, bnPosition: 'before', layerNorm: true },
      { units: 10, batchNorm: false, bnPosition: 'before' },
    ],
    bnMomentum: 0.9,
  };

  it('writes the list in Keras order and reads it back', () => {
    const layers = layersFromMlpForm(form);
    expect(layers.map((l) => l.kind)).toEqual([
      'flatten',
      'batchNorm',
      'dense',
      'activation',
      'batchNorm',
      'dropout',
      'dense',
      'layerNorm',
      'activation',
      'dense',
      'activation',
      'dense',
    ]);
    expect(mlpFormOf(layers)).toEqual(form);
  });

  it('says when it cannot show a list', () => {
    expect(mlpFormOf(imageNet)).toBeNull();
    const mixed = layersFromMlpForm(form).map((l, i) => (i === 3 && l.kind === 'activation' ? { ...l, fn: 'relu' as const } : l));
    expect(mlpFormOf(mixed)).toBeNull();
  });
});

describe('dropout', () => {
  const config = (rate: number) => mlp([{ units: 64, batchNorm: false, bnPosition: 'before', ...(rate ? { dropout: rate } : {}) }]);

  it('zeroes about `rate` of the values in training and scales the rest by 1/(1 − rate); is the identity in inference', () => {
    const net = createModel(config(0.5), 1);
    const dropIndex = net.layers.findIndex((l) => l.spec.kind === 'dropout');
    const x = tf.ones([50, 64]);
    const def = LAYER_DEFS.dropout;
    const train = tf.tidy(() =>
      Array.from(
        def.forward(net.layers[dropIndex]!, x, { mode: 'train', updateMovingStats: false, inputGrad: true, rng: createRng(4), kernels: KERNELS }).y.dataSync(),
      ),
    );
    const zeros = train.filter((v) => v === 0).length / train.length;
    expect(zeros).toBeGreaterThan(0.45);
    expect(zeros).toBeLessThan(0.55);
    expect(new Set(train.filter((v) => v !== 0))).toEqual(new Set([2]));
    const infer = tf.tidy(() =>
      Array.from(
        def.forward(net.layers[dropIndex]!, x, { mode: 'infer', updateMovingStats: false, inputGrad: true, rng: createRng(4), kernels: KERNELS }).y.dataSync(),
      ),
    );
    expect(infer.every((v) => v === 1)).toBe(true);
    // The same stream gives the same mask.
    const again = tf.tidy(() =>
      Array.from(
        def.forward(net.layers[dropIndex]!, x, { mode: 'train', updateMovingStats: false, inputGrad: true, rng: createRng(4), kernels: KERNELS }).y.dataSync(),
      ),
    );
    expect(again).toEqual(train);
    x.dispose();
    disposeModel(net);
  });

  it('draws no random weights: with and without dropout, the Dense weights start identical', () => {
    const a = createModel(config(0.5), 9);
    const b = createModel(config(0), 9);
    const dense = (m: typeof a) => m.layers.filter((l) => l.spec.kind === 'dense').flatMap((l) => l.variables.map((v) => Array.from(v.dataSync())));
    expect(dense(a)).toEqual(dense(b));
    disposeModel(a);
    disposeModel(b);
  });

  it('trains bit-identically from the same seed on the cpu backend, and differently from another seed', async () => {
    const train = uploadImageSet(syntheticImageSet(128, 3));
    const test = uploadImageSet(syntheticImageSet(32, 4));
    const losses = async (seed: number) => {
      const c: ExperimentConfig = { ...defaultExperiment(), model: config(0.5) };
      c.train = { ...c.train, seed, epochs: 1, batchSize: 16, learningRate: 1e-2 };
      const out: number[] = [];
      const events = { onSteps: (p: { loss: Float32Array }) => out.push(...p.loss), onEpoch() {}, onLearningRate() {}, onPaused() {}, onResumed() {} };
      await runExperiment(c, makeSplits(train, test, c.train), new RunControl(), events);
      return out;
    };
    const [a, b, other] = [await losses(5), await losses(5), await losses(6)];
    expect(a).toHaveLength(8);
    expect(b).toEqual(a);
    expect(other).not.toEqual(a);
    disposeImageTensors(train);
    disposeImageTensors(test);
  });
});
