import type { BuiltKind } from '../engine/layers/registry';
import type { LayerSpec, Shape } from '../engine/layers/spec';
import { entryFor, type PlacedLayer, type SpecOf } from './layerTable';
import { pyNumber, pyRounded } from './pythonLiteral';
import type { PythonLayer } from './pythonModel';

/** One tensor of a PyTorch state_dict: its name in the module (`weight`), shape and values (row-major). */
export interface TorchTensor {
  name: string;
  shape: number[];
  values: Float32Array;
}

interface TorchEntry<S extends LayerSpec> {
  module(spec: S, inShape: Shape): PythonLayer;
  /** The layer's variables (the engine's order and layout, e.g. a Dense kernel `[in, units]`) as PyTorch holds them. */
  tensors(spec: S, inShape: Shape, variables: Float32Array[]): TorchTensor[];
}

const channels = (shape: Shape): number => shape[shape.length - 1]!;
const isImage = (shape: Shape): boolean => shape.length === 3;
const none = (): TorchTensor[] => [];
const plain = (code: string, notes: readonly string[] = []) => ({ module: () => ({ code, notes }), tensors: none });

/** `[rows, cols]` row-major to `[cols, rows]`. */
function transpose(values: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = values[r * cols + c]!;
  return out;
}

/** A Keras conv kernel `[k, k, in, filters]` as PyTorch's weight `[filters, in, k, k]`. */
function convWeight(values: Float32Array, k: number, cin: number, filters: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++)
      for (let c = 0; c < cin; c++) for (let f = 0; f < filters; f++) out[((f * cin + c) * k + i) * k + j] = values[((i * k + j) * cin + c) * filters + f]!;
  return out;
}

/** Per-channel vectors under PyTorch's names, in the engine's order. */
const vectors = (names: string[], shape: Shape, variables: Float32Array[]): TorchTensor[] =>
  names.map((name, i) => ({ name, shape: [channels(shape)], values: variables[i]! }));

const POOL_NOTE = "Pooling: PyTorch's stride defaults to the window, as Keras' does, with no padding (Keras' padding='valid').";

/** One entry per layer kind. */
const TORCH: { [K in BuiltKind]: TorchEntry<SpecOf<K>> } = {
  dense: {
    module: (spec, inShape) => ({
      code: `nn.Linear(${inShape[0]}, ${spec.units})`,
      notes: ["Linear: Keras' glorot-uniform kernel and zero bias, drawn by init_like_the_playground (PyTorch's default is kaiming-uniform)."],
    }),
    tensors: (spec, inShape, [kernel, bias]) => [
      { name: 'weight', shape: [spec.units, inShape[0]!], values: transpose(kernel!, inShape[0]!, spec.units) },
      { name: 'bias', shape: [spec.units], values: bias! },
    ],
  },
  conv2d: {
    module: (spec, inShape) => ({
      code: `${spec.padding === 'same' ? 'SameConv2d' : 'nn.Conv2d'}(${channels(inShape)}, ${spec.filters}, ${spec.kernel}, stride=${spec.stride})`,
      notes: [
        "Conv2d: Keras' glorot-uniform kernel (fan-in k*k*inputs, fan-out k*k*filters) and zero bias, drawn by init_like_the_playground; Keras' kernel [k, k, in, filters] is PyTorch's weight [filters, in, k, k].",
        spec.padding === 'same'
          ? "Conv2d padding='same': SameConv2d pads as TensorFlow does (the odd pixel after); PyTorch's padding='same' takes stride 1 only."
          : "Conv2d padding='valid': no padding, PyTorch's default.",
      ],
    }),
    tensors: (spec, inShape, [kernel, bias]) => [
      {
        name: 'weight',
        shape: [spec.filters, channels(inShape), spec.kernel, spec.kernel],
        values: convWeight(kernel!, spec.kernel, channels(inShape), spec.filters),
      },
      { name: 'bias', shape: [spec.filters], values: bias! },
    ],
  },
  batchNorm: {
    module: (spec, inShape) => ({
      code: `nn.BatchNorm${isImage(inShape) ? '2d' : '1d'}(${channels(inShape)}, momentum=${pyRounded(1 - spec.momentum)}, eps=${pyNumber(spec.epsilon)})`,
      notes: [
        `BatchNorm momentum: Keras' ${spec.momentum} is the share the moving statistics keep; PyTorch's momentum is the share the new batch gets: 1 - ${spec.momentum} = ${pyRounded(1 - spec.momentum)}.`,
        `BatchNorm eps: PyTorch's default is 1e-5, Keras' 1e-3; this layer's, ${pyNumber(spec.epsilon)}, is given explicitly.`,
        'BatchNorm running_var: PyTorch averages the unbiased batch variance (/(n-1)), Keras the biased one (/n), so it ends n/(n-1) higher (3% at batch 32).',
        'BatchNorm modes: training normalises with the batch statistics, model.eval() switches to the moving ones, as Keras does.',
      ],
    }),
    tensors: (_spec, inShape, variables) => vectors(['weight', 'bias', 'running_mean', 'running_var'], inShape, variables),
  },
  layerNorm: {
    module: (spec, inShape) => ({
      code: `${isImage(inShape) ? 'ChannelsLastLayerNorm' : 'nn.LayerNorm'}(${channels(inShape)}, eps=${pyNumber(spec.epsilon)})`,
      notes: [
        `LayerNorm eps: PyTorch's default is 1e-5, Keras' 1e-3; this layer's, ${pyNumber(spec.epsilon)}, is given explicitly.`,
        ...(isImage(inShape) ? ['LayerNorm on an image: Keras normalises each position over its channels (the last axis), which PyTorch holds second.'] : []),
      ],
    }),
    tensors: (_spec, inShape, variables) => vectors(['weight', 'bias'], inShape, variables),
  },
  groupNorm: {
    module: (spec, inShape) => ({
      code: `nn.GroupNorm(${spec.groups}, ${channels(inShape)}, eps=${pyNumber(spec.epsilon)})`,
      notes: [
        `GroupNorm eps: PyTorch's default is 1e-5, Keras' 1e-3; this layer's, ${pyNumber(spec.epsilon)}, is given explicitly.`,
        'GroupNorm groups: consecutive channels, over every position, in both frameworks (Keras holds channels last, PyTorch second).',
      ],
    }),
    tensors: (_spec, inShape, variables) => vectors(['weight', 'bias'], inShape, variables),
  },
  activation: {
    module: (spec) => ({ code: spec.fn === 'relu' ? 'nn.ReLU()' : spec.fn === 'sigmoid' ? 'nn.Sigmoid()' : 'nn.Tanh()', notes: [] }),
    tensors: none,
  },
  dropout: {
    module: (spec) => ({
      code: `SeededDropout(${pyNumber(spec.rate)})`,
      notes: ["Dropout: the rate is the share dropped in both frameworks; SeededDropout is nn.Dropout with the browser's masks."],
    }),
    tensors: none,
  },
  flatten: plain('FlattenChannelsLast()', [
    "Flatten: Keras flattens [height, width, channels]; FlattenChannelsLast does too, so the next Linear's weights are the browser's.",
  ]),
  maxPool: { module: (spec) => ({ code: `nn.MaxPool2d(${spec.size})`, notes: [POOL_NOTE] }), tensors: none },
  avgPool: { module: (spec) => ({ code: `nn.AvgPool2d(${spec.size})`, notes: [POOL_NOTE] }), tensors: none },
  globalAvgPool: plain('GlobalAvgPool()'),
};

const entry = (spec: LayerSpec) => entryFor<TorchEntry<LayerSpec>>(TORCH, spec);

export const torchModule = (layer: PlacedLayer): PythonLayer => entry(layer.spec).module(layer.spec, layer.inShape);

/** The layer's tensors under their state_dict names (`3.running_var`). */
export const torchTensors = (layer: PlacedLayer, variables: Float32Array[]): TorchTensor[] =>
  entry(layer.spec)
    .tensors(layer.spec, layer.inShape, variables)
    .map((t) => ({ ...t, name: `${layer.index}.${t.name}` }));
