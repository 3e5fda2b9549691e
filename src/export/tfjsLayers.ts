import type { BuiltKind } from '../engine/layers/registry';
import type { LayerSpec } from '../engine/layers/spec';
import { entryFor, type PlacedLayer, type SpecOf } from './layerTable';

/** A layer as TF.js' `tf.loadLayersModel` reads it: its Keras class, its config (Keras' snake_case names) and its weights' names. */
export interface TfjsLayer {
  className: string;
  config: Record<string, unknown>;
  /** Its weights' names (`kernel`) and shapes, in the engine's order of its variables, whose layouts are Keras'. */
  weights: readonly { name: string; shape: number[] }[];
}

/** Why a kind has no TF.js layer; the download says it. */
export class NoTfjsLayerError extends Error {
  readonly code = 'noTfjsLayer';
}

type TfjsEntry<S extends LayerSpec> = (spec: S, layer: PlacedLayer) => TfjsLayer;

const channels = (layer: PlacedLayer): number => layer.inShape[layer.inShape.length - 1]!;
/** Per-channel weights under these names. */
const vectors = (layer: PlacedLayer, ...names: string[]) => names.map((name) => ({ name, shape: [channels(layer)] }));

const pool = (className: string) => (spec: { size: number }) => ({
  className,
  config: { pool_size: [spec.size, spec.size], strides: [spec.size, spec.size], padding: 'valid', data_format: 'channels_last' },
  weights: [],
});

/** One entry per layer kind: the engine's variables are Keras' weights in Keras' layouts, so they go in as they are. */
const TFJS: { [K in BuiltKind]: TfjsEntry<SpecOf<K>> } = {
  dense: (spec, layer) => ({
    className: 'Dense',
    config: { units: spec.units, activation: 'linear', use_bias: true },
    weights: [
      { name: 'kernel', shape: [channels(layer), spec.units] },
      { name: 'bias', shape: [spec.units] },
    ],
  }),
  conv2d: (spec, layer) => ({
    className: 'Conv2D',
    config: {
      filters: spec.filters,
      kernel_size: [spec.kernel, spec.kernel],
      strides: [spec.stride, spec.stride],
      padding: spec.padding,
      data_format: 'channels_last',
      dilation_rate: [1, 1],
      activation: 'linear',
      use_bias: true,
    },
    weights: [
      { name: 'kernel', shape: [spec.kernel, spec.kernel, channels(layer), spec.filters] },
      { name: 'bias', shape: [spec.filters] },
    ],
  }),
  batchNorm: (spec, layer) => ({
    className: 'BatchNormalization',
    config: { axis: -1, momentum: spec.momentum, epsilon: spec.epsilon, center: true, scale: true },
    weights: vectors(layer, 'gamma', 'beta', 'moving_mean', 'moving_variance'),
  }),
  layerNorm: (spec, layer) => ({
    className: 'LayerNormalization',
    config: { axis: -1, epsilon: spec.epsilon, center: true, scale: true },
    weights: vectors(layer, 'gamma', 'beta'),
  }),
  groupNorm: () => {
    throw new NoTfjsLayerError(
      'TF.js has no GroupNormalization layer, so a network with GroupNorm cannot be saved as a TF.js model (its weights can, for PyTorch).',
    );
  },
  activation: (spec) => ({ className: 'Activation', config: { activation: spec.fn }, weights: [] }),
  dropout: (spec) => ({ className: 'Dropout', config: { rate: spec.rate }, weights: [] }),
  flatten: () => ({ className: 'Flatten', config: { data_format: 'channels_last' }, weights: [] }),
  maxPool: pool('MaxPooling2D'),
  avgPool: pool('AveragePooling2D'),
  globalAvgPool: () => ({ className: 'GlobalAveragePooling2D', config: { data_format: 'channels_last' }, weights: [] }),
};

/** Throws `NoTfjsLayerError` for a kind TF.js cannot load. */
export const tfjsLayer = (layer: PlacedLayer): TfjsLayer => entryFor<TfjsEntry<LayerSpec>>(TFJS, layer.spec)(layer.spec, layer);
