import type { BuiltKind } from '../engine/layers/registry';
import type { LayerSpec, Shape } from '../engine/layers/spec';
import { entryFor, type PlacedLayer, type SpecOf } from './layerTable';
import { pyNumber, pyString } from './pythonLiteral';
import type { PythonLayer } from './pythonModel';

type KerasEntry<S extends LayerSpec> = (spec: S, inShape: Shape) => PythonLayer;

const POOL_NOTE = "Pooling: the playground's window is Keras' pool_size, with strides = pool_size and padding='valid' (Keras' defaults).";

/** One entry per layer kind. The playground follows Keras' conventions, so most settings pass as they are. */
const KERAS: { [K in BuiltKind]: KerasEntry<SpecOf<K>> } = {
  dense: (spec) => ({
    code: `keras.layers.Dense(${spec.units})`,
    notes: ["Dense: Keras' glorot-uniform kernel and zero bias; init_like_the_playground then draws the kernel again with the playground's generator."],
  }),
  conv2d: (spec) => ({
    code: `keras.layers.Conv2D(${spec.filters}, ${spec.kernel}, strides=${spec.stride}, padding=${pyString(spec.padding)})`,
    notes: ["Conv2D: Keras' glorot-uniform kernel and zero bias; init_like_the_playground then draws the kernel again with the playground's generator."],
  }),
  batchNorm: (spec) => ({
    code: `keras.layers.BatchNormalization(momentum=${pyNumber(spec.momentum)}, epsilon=${pyNumber(spec.epsilon)})`,
    notes: [
      "BatchNormalization: the playground's momentum and epsilon are Keras' (momentum: the share the moving statistics keep; PyTorch's would be 1 - momentum), so they pass unchanged.",
    ],
  }),
  layerNorm: (spec) => ({
    code: `keras.layers.LayerNormalization(epsilon=${pyNumber(spec.epsilon)})`,
    notes: ["LayerNormalization: over the last axis (axis=-1, Keras' default), as the playground's; its epsilon passes unchanged."],
  }),
  groupNorm: (spec) => ({
    code: `keras.layers.GroupNormalization(groups=${spec.groups}, epsilon=${pyNumber(spec.epsilon)})`,
    notes: ["GroupNormalization (Keras 3): over the last axis, as the playground's; groups and epsilon pass unchanged."],
  }),
  activation: (spec) => ({ code: spec.fn === 'relu' ? 'keras.layers.ReLU()' : `keras.layers.Activation(${pyString(spec.fn)})`, notes: [] }),
  dropout: (spec) => ({
    code: `keras.layers.Dropout(${pyNumber(spec.rate)})`,
    notes: ["Dropout: the same rate (the share dropped); its masks come from Keras' generator, not the browser's."],
  }),
  flatten: () => ({ code: 'keras.layers.Flatten()', notes: [] }),
  maxPool: (spec) => ({ code: `keras.layers.MaxPooling2D(${spec.size})`, notes: [POOL_NOTE] }),
  avgPool: (spec) => ({ code: `keras.layers.AveragePooling2D(${spec.size})`, notes: [POOL_NOTE] }),
  globalAvgPool: () => ({ code: 'keras.layers.GlobalAveragePooling2D()', notes: [] }),
};

export const kerasLayer = (layer: PlacedLayer): PythonLayer => entryFor<KerasEntry<LayerSpec>>(KERAS, layer.spec)(layer.spec, layer.inShape);
