import * as tf from '@tensorflow/tfjs-core';
import {
  bnSettings,
  CLASSES,
  INPUT_UNITS,
  type Activation,
  type BnPosition,
  type ModelConfig,
} from './config';
import { batchNormTrain, denseTrain, type FusedActivation } from './fastOps';
import { layerNorm } from './layerNorm';
import { createRng, deriveSeed, type Rng } from './rng';

/** A Dense layer's weights: `kernel` `[in, out]`, `bias` `[out]`. */
export interface DenseParams {
  kernel: tf.Variable;
  bias: tf.Variable;
}

/** BatchNorm over `units` features: trainable `gamma`, `beta`; moving statistics updated in training mode. */
export interface BnParams {
  gamma: tf.Variable;
  beta: tf.Variable;
  movingMean: tf.Variable;
  movingVariance: tf.Variable;
}

/** LayerNorm over `units` features: trainable `gamma`, `beta`, and no moving statistics. */
export interface LnParams {
  gamma: tf.Variable;
  beta: tf.Variable;
}

export interface HiddenLayer {
  dense: DenseParams;
  bn: BnParams | null;
  bnPosition: BnPosition;
  /** Optional: LayerNorm at `bnPosition` (a layer has BatchNorm or LayerNorm, never both). */
  ln?: LnParams | null;
}

/** A multilayer perceptron built from plain variables, so every intermediate value can be observed. */
export interface Mlp {
  config: ModelConfig;
  inputBn: BnParams | null;
  hidden: HiddenLayer[];
  output: DenseParams;
}

/** Keras' glorot_uniform: U(-l, l) with l = sqrt(6 / (fanIn + fanOut)). */
function glorotUniform(fanIn: number, fanOut: number, rng: Rng): Float32Array {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const values = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < values.length; i++) values[i] = (rng.next() * 2 - 1) * limit;
  return values;
}

let variableCounter = 0;
function variable(values: Float32Array | number[], shape: number[], trainable: boolean, name: string) {
  // Unique names: tfjs keeps a global registry and refuses duplicates across models.
  variableCounter += 1;
  // Inside tidy so the initial value tensor is freed; tidy never disposes variables.
  return tf.tidy(() => tf.variable(tf.tensor(values, shape, 'float32'), trainable, `${name}_${variableCounter}`));
}

/** `initScale` multiplies the glorot-uniform draw (after drawing, so the random stream is the same at any scale). */
function createDense(fanIn: number, fanOut: number, rng: Rng, name: string, initScale = 1): DenseParams {
  const kernel = glorotUniform(fanIn, fanOut, rng);
  if (initScale !== 1) for (let i = 0; i < kernel.length; i++) kernel[i]! *= initScale;
  return {
    kernel: variable(kernel, [fanIn, fanOut], true, `${name}/kernel`),
    bias: variable(new Float32Array(fanOut), [fanOut], true, `${name}/bias`),
  };
}

function createBn(units: number, name: string): BnParams {
  const ones = new Float32Array(units).fill(1);
  return {
    gamma: variable(ones, [units], true, `${name}/gamma`),
    beta: variable(new Float32Array(units), [units], true, `${name}/beta`),
    movingMean: variable(new Float32Array(units), [units], false, `${name}/moving_mean`),
    movingVariance: variable(ones, [units], false, `${name}/moving_variance`),
  };
}

/**
 * Builds the network's variables. Kernels are drawn layer by layer from one stream seeded by
 * `seed`, and BatchNorm takes no random numbers, so two models that differ only in BatchNorm
 * start from identical Dense weights.
 */
export function createMlp(config: ModelConfig, seed: number): Mlp {
  const rng = createRng(deriveSeed(seed, 1));
  const initScale = config.initScale ?? 1;
  let fanIn = INPUT_UNITS;
  const hidden = config.hidden.map((layer, i): HiddenLayer => {
    const dense = createDense(fanIn, layer.units, rng, `dense_${i + 1}`, initScale);
    fanIn = layer.units;
    return {
      dense,
      bn: layer.batchNorm ? createBn(layer.units, `bn_${i + 1}`) : null,
      bnPosition: layer.bnPosition,
      ln: layer.layerNorm ? createLn(layer.units, `ln_${i + 1}`) : null,
    };
  });
  return {
    config,
    inputBn: config.inputBatchNorm ? createBn(INPUT_UNITS, 'bn_input') : null,
    hidden,
    output: createDense(fanIn, CLASSES, rng, 'dense_out', initScale),
  };
}

function createLn(units: number, name: string): LnParams {
  return {
    gamma: variable(new Float32Array(units).fill(1), [units], true, `${name}/gamma`),
    beta: variable(new Float32Array(units), [units], true, `${name}/beta`),
  };
}

const lnVariables = (ln: LnParams | null | undefined): tf.Variable[] => (ln ? [ln.gamma, ln.beta] : []);

function bnVariables(bn: BnParams | null): tf.Variable[] {
  return bn ? [bn.gamma, bn.beta, bn.movingMean, bn.movingVariance] : [];
}

/** Every variable, trainable or not, in a stable order (for saving, comparing and disposing). */
export function allVariables(mlp: Mlp): tf.Variable[] {
  return [
    ...bnVariables(mlp.inputBn),
    ...mlp.hidden.flatMap((h) => [h.dense.kernel, h.dense.bias, ...bnVariables(h.bn), ...lnVariables(h.ln)]),
    mlp.output.kernel,
    mlp.output.bias,
  ];
}

export function trainableVariables(mlp: Mlp): tf.Variable[] {
  return allVariables(mlp).filter((v) => v.trainable);
}

export function disposeMlp(mlp: Mlp): void {
  for (const v of allVariables(mlp)) v.dispose();
}

export type ForwardMode = 'train' | 'infer';

/** What one hidden layer computed on one batch; filled only when the caller asks for a trace. */
export interface LayerTrace {
  /** Dense output `[batch, units]`, before BatchNorm and activation. */
  dense: tf.Tensor2D;
  /** The input to the activation `[batch, units]`. */
  preActivation: tf.Tensor2D;
  /** Batch mean and variance `[units]` used by BatchNorm in training mode. */
  batchMean?: tf.Tensor1D;
  batchVariance?: tf.Tensor1D;
}

export interface ForwardOptions {
  /**
   * In training mode, fold the batch statistics into the moving statistics, as Keras does.
   * Side effect: assigns `movingMean` and `movingVariance`. Probes pass false.
   */
  updateMovingStats?: boolean;
  /** When given, receives one entry per hidden layer. The tensors belong to the caller's tidy scope. */
  trace?: LayerTrace[];
}

function activate(x: tf.Tensor2D, activation: Activation): tf.Tensor2D {
  switch (activation) {
    case 'relu':
      return tf.relu(x);
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'tanh':
      return tf.tanh(x);
    default: {
      const unknown: never = activation;
      throw new Error(`unknown activation ${String(unknown)}`);
    }
  }
}

type BnSettings = ReturnType<typeof bnSettings>;

interface BnResult {
  y: tf.Tensor2D;
  mean?: tf.Tensor1D;
  variance?: tf.Tensor1D;
}

/** Keras semantics: batch statistics (biased variance) in training, moving statistics in inference. */
function batchNorm(x: tf.Tensor2D, bn: BnParams, mode: ForwardMode, update: boolean, settings: BnSettings): BnResult {
  if (mode === 'infer') {
    const y = tf.batchNorm(x, bn.movingMean, bn.movingVariance, bn.beta, bn.gamma, settings.epsilon) as tf.Tensor2D;
    return { y };
  }
  const { y, mean: mean1, variance: variance1 } = batchNormTrain(x, bn.gamma, bn.beta, settings.epsilon);
  if (update) {
    const keep = settings.momentum;
    // Assignments are not recorded on the gradient tape: no gradient flows into the moving statistics.
    bn.movingMean.assign(tf.add(tf.mul(bn.movingMean, keep), tf.mul(mean1, 1 - keep)));
    bn.movingVariance.assign(tf.add(tf.mul(bn.movingVariance, keep), tf.mul(variance1, 1 - keep)));
  }
  return { y, mean: mean1, variance: variance1 };
}

/** A hidden layer with LayerNorm: Dense, then LayerNorm and the activation in `bnPosition` order. */
function layerNormLayer(h: tf.Tensor2D, layer: HiddenLayer, ln: LnParams, activation: Activation, trace: LayerTrace[] | undefined, xs: tf.Tensor2D): tf.Tensor2D {
  const dense = denseLayer(h, layer.dense, 'linear', xs);
  if (layer.bnPosition === 'before') {
    const normalised = layerNorm(dense, ln.gamma, ln.beta);
    trace?.push({ dense, preActivation: normalised });
    return activate(normalised, activation);
  }
  trace?.push({ dense, preActivation: dense });
  return layerNorm(activate(dense, activation), ln.gamma, ln.beta);
}

/**
 * The network's logits `[batch, 10]` for `xs` `[batch, 784]` float32.
 * Must run inside a `tf.tidy` (or a gradient function), which owns every intermediate tensor.
 */
export function forward(mlp: Mlp, xs: tf.Tensor2D, mode: ForwardMode, options: ForwardOptions = {}): tf.Tensor2D {
  const update = mode === 'train' && (options.updateMovingStats ?? true);
  const settings = bnSettings(mlp.config);
  let h = xs;
  if (mlp.inputBn) h = batchNorm(h, mlp.inputBn, mode, update, settings).y;
  const activation = mlp.config.activation;
  for (const layer of mlp.hidden) {
    if (layer.ln) {
      h = layerNormLayer(h, layer, layer.ln, activation, options.trace, xs);
      continue;
    }
    const activationFollows = !layer.bn || layer.bnPosition === 'after';
    if (activationFollows && !options.trace && activation === 'relu') {
      // One fused kernel for matMul + bias + ReLU; the trace path below keeps the
      // pre-activation tensor, which fusing would not produce.
      const a = denseLayer(h, layer.dense, 'relu', xs);
      h = layer.bn ? batchNorm(a, layer.bn, mode, update, settings).y : a;
      continue;
    }
    const dense = denseLayer(h, layer.dense, 'linear', xs);
    if (!layer.bn) {
      options.trace?.push({ dense, preActivation: dense });
      h = activate(dense, activation);
    } else if (layer.bnPosition === 'before') {
      const bn = batchNorm(dense, layer.bn, mode, update, settings);
      options.trace?.push({ dense, preActivation: bn.y, batchMean: bn.mean, batchVariance: bn.variance });
      h = activate(bn.y, activation);
    } else {
      const a = activate(dense, activation);
      const bn = batchNorm(a, layer.bn, mode, update, settings);
      options.trace?.push({ dense, preActivation: dense, batchMean: bn.mean, batchVariance: bn.variance });
      h = bn.y;
    }
  }
  return denseLayer(h, mlp.output, 'linear', xs);
}

/** `activation(h · kernel + bias)`; the gradient in `h` is skipped when `h` is the network's input `xs`. */
function denseLayer(h: tf.Tensor2D, dense: DenseParams, activation: FusedActivation, xs: tf.Tensor2D): tf.Tensor2D {
  return denseTrain(h, dense.kernel, dense.bias, activation, h !== xs);
}
