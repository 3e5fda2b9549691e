// Types only: these modules are also read on the page's main thread (schema, summary, links),
// which must not load TensorFlow.js. The worker hands the ops in through the contexts below.
import type * as Tf from '@tensorflow/tfjs-core';
import type { z } from 'zod';
import type { conv2dTrain, groupNorm } from '../conv';
import type { batchNormTrain, denseTrain } from '../fastOps';
import type { layerNorm } from '../layerNorm';
import type { avgPoolTrain } from '../pooling';
import type { Rng } from '../rng';
import type { Activation, LayerKind, LayerSpec, Shape } from './spec';

/** A layer of a built model: its spec, the shapes around it and its variables (in the kind's own order). */
export interface BuiltLayer<S extends LayerSpec = LayerSpec> {
  spec: S;
  inShape: Shape;
  outShape: Shape;
  variables: Tf.Variable[];
}

/** TensorFlow.js and our kernels with hand-written gradients, as the worker loads them. */
export interface Kernels {
  tf: typeof Tf;
  denseTrain: typeof denseTrain;
  batchNormTrain: typeof batchNormTrain;
  layerNorm: typeof layerNorm;
  conv2dTrain: typeof conv2dTrain;
  groupNorm: typeof groupNorm;
  avgPoolTrain: typeof avgPoolTrain;
}

export type ForwardMode = 'train' | 'infer';

/** What one forward pass shares with every layer. */
export interface ForwardContext {
  mode: ForwardMode;
  /** In training mode, fold the batch statistics into BatchNorm's moving ones (probes say no). */
  updateMovingStats: boolean;
  /**
   * Whether the layer's input depends on a trainable variable: when not (the network's input), a
   * layer skips computing the gradient in its input.
   */
  inputGrad: boolean;
  /** Draws dropout masks in training mode (the run's seeded stream while training). */
  rng: Rng;
  kernels: Kernels;
}

/** A layer's output, and for BatchNorm in training mode the batch statistics it used (`[channels]`). */
export interface LayerOutput {
  y: Tf.Tensor;
  mean?: Tf.Tensor1D;
  variance?: Tf.Tensor1D;
}

/** What creating variables needs: the weights' random stream, the init scale, a unique name. */
export interface InitContext {
  rng: Rng;
  /** Multiplies every glorot-uniform kernel (1: Keras as is). */
  initScale: number;
  name(base: string): string;
  /**
   * A variable holding `values` under a name made unique (tfjs keeps a global registry and
   * refuses duplicates across models); the caller owns it.
   */
  variable(values: Float32Array, shape: number[], trainable: boolean, name: string): Tf.Variable;
}

/** Parameter counts of one layer, as Keras' `model.summary()` gives them. */
export interface ParamCount {
  total: number;
  trainable: number;
}

/**
 * Everything about one layer kind. Adding a kind is one module that exports one of these and one
 * row in `registry.ts`; the model, training loop, probes, summary, names and links use only this.
 */
export interface LayerDef<S extends LayerSpec> {
  kind: S['kind'];
  /** Validates a spec; messages name the field. */
  schema: z.ZodType<S>;
  /** Keras' class and default layer name, for the summary (`Dense`, `dense`). */
  kerasClass(spec: S): string;
  kerasName(spec: S): string;
  /** The output shape for `inShape`, or why this layer cannot follow it. */
  outShape(spec: S, inShape: Shape): Shape | { error: string };
  params(spec: S, inShape: Shape): ParamCount;
  /**
   * The layer's variables, in a stable order (snapshots and the optimizer rely on it). Side effect:
   * draws from `init.rng` (kernels only, so layers without random weights never move the stream).
   */
  create(spec: S, inShape: Shape, init: InitContext): Tf.Variable[];
  /**
   * The layer's output for `x` `[batch, ...inShape]`. Inside a tidy or gradient scope, which owns
   * the intermediates. `fused`: an activation absorbed from the next layer (see `absorbs`).
   */
  forward(layer: BuiltLayer<S>, x: Tf.Tensor, ctx: ForwardContext, fused?: Activation): LayerOutput;
  /** Optional: whether this layer computes `next` inside its own kernel (Dense with ReLU), when nothing is traced. */
  absorbs?(spec: S, next: LayerSpec): boolean;
  /** The layer's token in a share link (`d128`, `bn`, `drop0.5`), and back; null when `text` is not this kind's. */
  formatToken(spec: S): string;
  parseToken(text: string): S | null;
}

/** A def with its spec type forgotten, so defs of every kind share one table. */
export type AnyLayerDef = LayerDef<LayerSpec>;

/** Defs are written against their own spec; the registry looks them up by the spec's kind, so the cast is safe. */
export const erase = <S extends LayerSpec>(def: LayerDef<S>): AnyLayerDef => def as unknown as AnyLayerDef;

export type { LayerKind };

/** Features per position: the last axis (units of a flat input, channels of an image). */
export const channelsOf = (shape: Shape): number => shape[shape.length - 1]!;

export const sizeOf = (shape: Shape): number => shape.reduce((a, b) => a * b, 1);

/** Plain decimal (no hex, no empty string): link tokens carry numbers this way. */
export const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
