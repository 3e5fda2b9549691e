/**
 * A network is a list of layers, as Keras' `Sequential` and PyTorch's `nn.Sequential` describe
 * one: each entry a small tagged object, plain data (serialisable, comparable). Shapes are
 * inferred entry by entry from the image (`[28, 28, 1]`) to the ten class logits (`[10]`).
 *
 * Every kind has one module beside this file (`dense.ts`, `batchNorm.ts`, …) that owns all of
 * it, and one row in `registry.ts`.
 */

export const ACTIVATIONS = ['relu', 'sigmoid', 'tanh'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

export interface DenseSpec {
  kind: 'dense';
  units: number;
}

/** Keras' BatchNormalization: momentum is the share the moving statistics keep (PyTorch's 0.1 is 0.9 here). */
export interface BatchNormSpec {
  kind: 'batchNorm';
  momentum: number;
  epsilon: number;
}

export interface LayerNormSpec {
  kind: 'layerNorm';
  epsilon: number;
}

export interface ActivationSpec {
  kind: 'activation';
  fn: Activation;
}

/** Inverted dropout: in training, each value is zeroed with probability `rate` and the rest scaled by 1/(1 − rate). */
export interface DropoutSpec {
  kind: 'dropout';
  rate: number;
}

export interface FlattenSpec {
  kind: 'flatten';
}

/** Non-overlapping `size` × `size` pooling (stride = size, no padding), as Keras' MaxPooling2D(size). */
export interface PoolSpec {
  kind: 'maxPool' | 'avgPool';
  size: number;
}

export interface GlobalAvgPoolSpec {
  kind: 'globalAvgPool';
}

/** Keras' Conv2D: `filters` output channels, a `kernel` × `kernel` window moved by `stride`, 'same' or 'valid' padding. */
export interface Conv2dSpec {
  kind: 'conv2d';
  filters: number;
  kernel: number;
  stride: number;
  padding: 'same' | 'valid';
}

/** GroupNorm (Wu & He, 2018): the channels normalised in `groups` groups, per sample. */
export interface GroupNormSpec {
  kind: 'groupNorm';
  groups: number;
  epsilon: number;
}

export type LayerSpec =
  DenseSpec | BatchNormSpec | LayerNormSpec | ActivationSpec | DropoutSpec | FlattenSpec | PoolSpec | GlobalAvgPoolSpec | Conv2dSpec | GroupNormSpec;

export type LayerKind = LayerSpec['kind'];

/** A tensor's shape without the batch axis: `[units]` or `[height, width, channels]`. */
export type Shape = readonly number[];

export const INPUT_SHAPE: Shape = [28, 28, 1];
export const CLASSES = 10;
export const INPUT_UNITS = 784;
