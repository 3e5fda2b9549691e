import * as tf from '@tensorflow/tfjs-core';
// Layers without a hand-written backward pass (activations, pools, LayerNorm, dropout) rely on autodiff; tfjs-core alone registers no gradients.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { ModelConfig } from './config';
import { conv2dTrain, groupNorm } from './conv';
import { batchNormTrain, denseTrain } from './fastOps';
import { layerNorm } from './layerNorm';
import { avgPoolTrain } from './pooling';
import type { BuiltLayer, ForwardContext, ForwardMode, Kernels } from './layers/layerDef';
import { defOf } from './layers/registry';
import { inferShapes } from './layers/shapes';
import { INPUT_SHAPE, type Activation, type LayerSpec } from './layers/spec';
import { createRng, deriveSeed, type Rng } from './rng';
import { releaseFusedStep, settleFusedWrites } from './wasm/fusedStep';

export type { ForwardMode } from './layers/layerDef';

export const KERNELS: Kernels = { tf, denseTrain, batchNormTrain, layerNorm, conv2dTrain, groupNorm, avgPoolTrain };

let variableCounter = 0;

/** A variable holding `values` (see `InitContext.variable`); the initial tensor is freed. */
function variable(values: Float32Array, shape: number[], trainable: boolean, name: string): tf.Variable {
  variableCounter += 1;
  return tf.tidy(() => tf.variable(tf.tensor(values, shape, 'float32'), trainable, `${name}_${variableCounter}`));
}

/** A network built from its layer list: every layer with its variables, so every intermediate value can be observed. */
export interface Model {
  config: ModelConfig;
  layers: BuiltLayer[];
}

/**
 * Builds the network's variables. Kernels are drawn layer by layer from one stream seeded by
 * `seed`, and no other layer kind draws from it, so two models that differ only in normalisation
 * or dropout start from identical Dense weights. Throws if the layer list is impossible (the
 * schema refuses such lists first).
 */
export function createModel(config: ModelConfig, seed: number): Model {
  const shapes = inferShapes(config.layers);
  if (!shapes.ok) throw new Error(shapes.message);
  const counters = new Map<string, number>();
  const init = {
    rng: createRng(deriveSeed(seed, 1)),
    initScale: config.initScale ?? 1,
    name: (base: string) => {
      const n = (counters.get(base) ?? 0) + 1;
      counters.set(base, n);
      return `${base}_${n}`;
    },
    variable,
  };
  let inShape = INPUT_SHAPE;
  const layers = config.layers.map((spec, i): BuiltLayer => {
    const outShape = shapes.shapes[i]!;
    const layer = { spec, inShape, outShape, variables: defOf(spec).create(spec, inShape, init) };
    inShape = outShape;
    return layer;
  });
  return { config, layers };
}

/** Every variable, trainable or not, layer by layer in each kind's order (for snapshots, comparing and disposing). */
export function allVariables(model: Model): tf.Variable[] {
  return model.layers.flatMap((l) => l.variables);
}

export function trainableVariables(model: Model): tf.Variable[] {
  return allVariables(model).filter((v) => v.trainable);
}

export function disposeModel(model: Model): void {
  releaseFusedStep(model);
  for (const v of allVariables(model)) v.dispose();
}

/** What one layer computed on one batch; recorded only when the caller asks. */
export interface LayerRecord {
  /** The layer's output `[batch, ...outShape]`. */
  output: tf.Tensor;
  /** BatchNorm in training mode: the batch mean and variance it used, `[channels]`. */
  mean?: tf.Tensor1D;
  variance?: tf.Tensor1D;
}

export interface ForwardOptions {
  /**
   * In training mode, fold the batch statistics into the moving statistics, as Keras does.
   * Side effect: assigns BatchNorm's `movingMean` and `movingVariance`. Probes pass false.
   */
  updateMovingStats?: boolean;
  /** When given, receives one record per layer (no layer is fused then). The tensors belong to the caller's tidy scope. */
  record?: LayerRecord[];
  /**
   * Dropout's masks in training mode: the run's seeded stream while training. Absent: a fixed
   * stream, so probes and demos in training mode neither move the run's stream nor vary.
   */
  rng?: Rng;
}

/** Dropout masks of forward passes that are not training steps. */
const FIXED_DROPOUT_SEED = 0x5eed;

/**
 * The network's logits `[batch, 10]` for `xs` `[batch, 784]` float32 (the images, row-major).
 * Must run inside a `tf.tidy` (or a gradient function), which owns every intermediate tensor.
 */
export function forward(model: Model, xs: tf.Tensor2D, mode: ForwardMode, options: ForwardOptions = {}): tf.Tensor2D {
  settleFusedWrites(model);
  const ctx: ForwardContext = {
    mode,
    updateMovingStats: mode === 'train' && (options.updateMovingStats ?? true),
    inputGrad: false,
    rng: options.rng ?? createRng(FIXED_DROPOUT_SEED),
    kernels: KERNELS,
  };
  const first = model.layers[0];
  // The data is flat; a network that starts on the image sees it as one.
  let h: tf.Tensor = first && first.spec.kind !== 'flatten' && first.spec.kind !== 'dense' ? tf.reshape(xs, [-1, ...INPUT_SHAPE]) : xs;
  for (let i = 0; i < model.layers.length; i++) {
    const layer = model.layers[i]!;
    const def = defOf(layer.spec);
    const next: LayerSpec | undefined = model.layers[i + 1]?.spec;
    const fuse = !options.record && next !== undefined && (def.absorbs?.(layer.spec, next) ?? false);
    const out = def.forward(layer, h, ctx, fuse ? (next as { fn: Activation }).fn : undefined);
    options.record?.push({ output: out.y, ...(out.mean && out.variance ? { mean: out.mean, variance: out.variance } : {}) });
    if (fuse) i += 1;
    if (layer.variables.length > 0) ctx.inputGrad = true;
    h = out.y;
  }
  return h as tf.Tensor2D;
}
