import { defaultExperiment, type ExperimentConfig } from '../engine/config';
import { BN_EPSILON, BN_MOMENTUM } from '../engine/layers/batchNorm';
import { GN_EPSILON } from '../engine/layers/groupNorm';
import type { LayerSpec } from '../engine/layers/spec';
import type { DatasetId } from '../data/datasetId';
import type { RunPlan } from './comparison';
import type { Preset } from './presets';

/**
 * Convolutional networks: d2l's LeNet with and without BatchNorm, a small modern convnet on MNIST
 * and Fashion-MNIST, and BatchNorm against GroupNorm at small batches. Layer lists are written
 * out in full, as the sources print them, so a reader can check them line by line.
 */

const conv = (filters: number, kernel: number, padding: 'same' | 'valid'): LayerSpec => ({ kind: 'conv2d', filters, kernel, stride: 1, padding });
const act = (fn: 'relu' | 'sigmoid'): LayerSpec => ({ kind: 'activation', fn });
const bn = (momentum: number, epsilon: number): LayerSpec => ({ kind: 'batchNorm', momentum, epsilon });

/** d2l's own BatchNorm class: `moving = 0.9 · moving + 0.1 · batch`, eps 1e-5 (PyTorch's BatchNorm2d defaults too). */
const d2lBn = (): LayerSpec => bn(0.9, 1e-5);

/**
 * d2l's BN LeNet ("Batch Normalization", Dive into Deep Learning): conv 6@5×5 (no padding) – BN –
 * sigmoid – avg pool, conv 16@5×5 – BN – sigmoid – avg pool, flatten, dense 120 – BN – sigmoid,
 * dense 84 – BN – sigmoid, dense 10. `train_ch6` with SGD lr 1.0, batch 256, 10 epochs,
 * Fashion-MNIST's test set as the held-out data.
 */
export function leNetBn(): ExperimentConfig {
  const layers: LayerSpec[] = [
    conv(6, 5, 'valid'),
    d2lBn(),
    act('sigmoid'),
    { kind: 'avgPool', size: 2 },
    conv(16, 5, 'valid'),
    d2lBn(),
    act('sigmoid'),
    { kind: 'avgPool', size: 2 },
    { kind: 'flatten' },
    { kind: 'dense', units: 120 },
    d2lBn(),
    act('sigmoid'),
    { kind: 'dense', units: 84 },
    d2lBn(),
    act('sigmoid'),
    { kind: 'dense', units: 10 },
  ];
  return leNetRun(layers, 1.0);
}

/** d2l's plain LeNet ("LeNet"): the same without BN, its first convolution padded by 2 ('same' for 5×5), SGD lr 0.9. */
export function leNetPlain(): ExperimentConfig {
  const layers: LayerSpec[] = leNetBn().model.layers.filter((l) => l.kind !== 'batchNorm');
  layers[0] = conv(6, 5, 'same');
  return leNetRun(layers, 0.9);
}

function leNetRun(layers: LayerSpec[], learningRate: number): ExperimentConfig {
  const train = defaultExperiment().train;
  return {
    model: { layers },
    train: { ...train, batchSize: 256, learningRate, optimizer: 'sgd', epochs: 10, validation: { kind: 'test' }, trainLimit: null },
    dataset: 'fashion',
  };
}

/**
 * A small modern convnet: conv 32@3×3 same – BN – ReLU – max pool, conv 64@3×3 same – BN – ReLU –
 * max pool, flatten, dense 128 – BN – ReLU, dense 10; Adam 1e-3, batch 64, Keras' BN settings
 * (`bnMomentum` 0.99 unless given), test set as validation.
 */
export function smallConvnet(dataset: DatasetId, epochs: number, bnMomentum = BN_MOMENTUM): ExperimentConfig {
  const norm = () => bn(bnMomentum, BN_EPSILON);
  const layers: LayerSpec[] = [
    conv(32, 3, 'same'),
    norm(),
    act('relu'),
    { kind: 'maxPool', size: 2 },
    conv(64, 3, 'same'),
    norm(),
    act('relu'),
    { kind: 'maxPool', size: 2 },
    { kind: 'flatten' },
    { kind: 'dense', units: 128 },
    norm(),
    act('relu'),
    { kind: 'dense', units: 10 },
  ];
  const train = defaultExperiment().train;
  return {
    model: { layers },
    train: { ...train, batchSize: 64, learningRate: 1e-3, optimizer: 'adam', epochs, validation: { kind: 'test' }, trainLimit: null },
    dataset,
  };
}

/** Batch sizes of the convnet ladder: BatchNorm's statistics from 2 images up to 64. */
export const CONV_LADDER_BATCH_SIZES = [2, 4, 8, 16, 64] as const;

/** GroupNorm's groups in the ladder: 8 divides 32, 64 and 128 (4, 8 and 16 channels a group). */
export const CONV_LADDER_GROUPS = 8;

/**
 * BN momentum in the convnet ladder, as in the MLP ladder (PyTorch's 0.1 there): Keras' 0.99 would
 * leave the moving statistics half at their start after batch 64's 63 steps.
 */
export const CONV_LADDER_BN_MOMENTUM = 0.9;

/** The small convnet at `batchSize`, 1 epoch on the first 4,000 MNIST images, with BatchNorm or with GroupNorm in each BatchNorm's place. */
export function convLadderRun(batchSize: number, norm: 'batch' | 'group'): ExperimentConfig {
  const c = smallConvnet('mnist', 1, CONV_LADDER_BN_MOMENTUM);
  if (norm === 'group') {
    c.model.layers = c.model.layers.map((l) => (l.kind === 'batchNorm' ? { kind: 'groupNorm', groups: CONV_LADDER_GROUPS, epsilon: GN_EPSILON } : l));
  }
  c.train = { ...c.train, batchSize, trainLimit: 4_000 };
  return c;
}

function leNetPreset(): Preset {
  const plan: RunPlan = [[leNetBn(), leNetPlain()]];
  return {
    id: 'd2l-lenet',
    title: "d2l's LeNet with and without BatchNorm (Fashion-MNIST)",
    description:
      "Dive into Deep Learning's BatchNorm chapter: LeNet (two 5×5 convolutions of 6 and 16 channels, sigmoid, average pooling, Dense 120 and 84) with BN after every layer but the last (per channel after the convolutions; momentum 0.9, ε 1e-5 as the book's BatchNorm), SGD lr 1.0, batch 256, 10 epochs, the test set as validation; beside it the book's plain LeNet (first convolution padded by 2, lr 0.9). Look for: after the first epoch the BN LeNet is near 0.77 while the plain one still guesses (loss 2.3); after ten, BN leads by about 0.05, its test accuracy jumping from epoch to epoch (lr 1.0 is large).",
    base: plan[0]![0]!,
    comparison: null,
    plan,
  };
}

function convnetPreset(dataset: DatasetId, epochs: number): Preset {
  const base = smallConvnet(dataset, epochs);
  const title = dataset === 'mnist' ? 'MNIST' : 'Fashion-MNIST';
  return {
    id: `convnet-${dataset}`,
    title: `A small modern convnet, with and without BatchNorm (${title})`,
    description: `Conv 32@3×3 – BN – ReLU – max pool, conv 64@3×3 – BN – ReLU – max pool, Dense 128 – BN – ReLU, Dense 10 (Keras' BN settings), Adam 1e-3, batch 64, ${epochs} ${epochs === 1 ? 'epoch' : 'epochs'} on ${title}, the test set as validation; the same network without BN beside it, from the same starting weights.${dataset === 'mnist' ? ' Look for: about 0.99 test accuracy after one epoch with BN.' : ''}`,
    base,
    comparison: { variation: { setting: 'batchNorm', values: [true, false] }, schedule: 'together', alsoWithoutBn: false },
    plan: null,
  };
}

function convLadderPreset(): Preset {
  const plan: RunPlan = CONV_LADDER_BATCH_SIZES.map((bs) => [convLadderRun(bs, 'batch'), convLadderRun(bs, 'group')]);
  return {
    id: 'conv-batch-ladder-gn',
    title: 'Small batches in a convnet: BatchNorm against GroupNorm, batch 2 to 64',
    description: `The small modern convnet at batch sizes ${CONV_LADDER_BATCH_SIZES.join(', ')}, once with BatchNorm (momentum 0.9, so its moving statistics keep up) and once with GroupNorm (${CONV_LADDER_GROUPS} groups) in its place (trained as a pair), 1 epoch on the same 4,000 MNIST images. Look for: at batch 2 and 4 BatchNorm's training accuracy (each batch normalised by its own few images) and its validation accuracy (moving statistics) drift apart; GroupNorm normalises each image on its own (Wu & He, 2018), so its two modes agree at every batch size.`,
    base: plan[0]![0]!,
    comparison: null,
    plan,
  };
}

/** The convnet presets, in the order the Presets panel lists them. */
export function convPresets(): Preset[] {
  return [leNetPreset(), convnetPreset('mnist', 1), convnetPreset('fashion', 1), convLadderPreset()];
}
