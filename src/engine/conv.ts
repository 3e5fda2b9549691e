import * as tf from '@tensorflow/tfjs-core';
import { columnSums } from './fastOps';
import { groupNormPooled } from './groupNormOps';

/** TF's padding modes: 'valid' uses no padding; 'same' pads so that the output is ceil(input / stride). */
export type Padding = 'same' | 'valid';

/** The padding TF's 'same' adds before and after one spatial axis (the odd pixel goes after). */
export function samePadding(size: number, kernel: number, stride: number): [number, number] {
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + kernel - size, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

/**
 * The filter gradient `[k, k, cin, cout]` of a convolution of `x` `[batch, h, w, cin]` whose output
 * gradient is `dy` `[batch, oh, ow, cout]`, computed as one forward convolution:
 * `dW[i, j, c, o] = Σ_{b, y, x} xPadded[b, y·s + i, x·s + j, c] · dy[b, y, x, o]` is a convolution of
 * the input seen as `[cin, h, w, batch]` (channels as the batch, the batch as channels) with `dy`
 * seen as a `[oh, ow, batch, cout]` filter dilated by the stride.
 *
 * Why: TF.js' WebAssembly backend has no `Conv2DBackpropFilter` kernel (tfjs issue 8474), so
 * autodiff of a convolution fails there; its `Conv2D` (XNNPACK) is fast and takes dilations.
 * Pure; run inside a tidy or a gradient function.
 */
export function conv2dFilterGrad(x: tf.Tensor4D, dy: tf.Tensor4D, kernel: number, stride: number, padding: Padding): tf.Tensor4D {
  const [, h, w] = x.shape;
  let padded = x;
  if (padding === 'same') {
    const rows = samePadding(h, kernel, stride);
    const cols = samePadding(w, kernel, stride);
    if (rows[0] + rows[1] + cols[0] + cols[1] > 0) padded = tf.pad(x, [[0, 0], rows, cols, [0, 0]]);
  }
  const image = tf.transpose(padded, [3, 1, 2, 0]);
  const filter = tf.transpose(dy, [1, 2, 0, 3]);
  const full = tf.conv2d(image, filter, 1, 'valid', 'NHWC', stride);
  // With 'valid' the last (h − k) mod stride rows and columns of the input never reach an output.
  const grad = full.shape[1] === kernel && full.shape[2] === kernel ? full : tf.slice(full, [0, 0, 0, 0], [-1, kernel, kernel, -1]);
  return tf.transpose(grad, [1, 2, 0, 3]);
}

/**
 * The filter gradient as `conv2dFilterGrad` on every backend but WebGPU: WebAssembly has no kernel
 * for it; the cpu backend's Conv2DBackpropFilter loops are ~60× slower than its forward convolution
 * (LeNet's second layer at batch 64 took 1.8 s against 30 ms, measured in Node); on WebGL (SwiftShader
 * here, `BENCH_BACKENDS=webgl BENCH_MLP=no BENCH_APP=no npm run bench`) the small convnet trained
 * 1.8× faster with it (46 against 26 samples/s at batch 64) and LeNet no slower.
 */
function filterGrad(x: tf.Tensor4D, dy: tf.Tensor4D, filterShape: [number, number, number, number], stride: number, padding: Padding): tf.Tensor4D {
  if (tf.getBackend() !== 'webgpu') return conv2dFilterGrad(x, dy, filterShape[0], stride, padding);
  const attrs = { strides: [stride, stride], pad: padding, dataFormat: 'NHWC', dimRoundingMode: undefined, filterShape };
  return tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor4D;
}

/**
 * The input gradient `[batch, h, w, cin]` of a stride-1 convolution, as one forward convolution of
 * `dy` `[batch, oh, ow, cout]` (padded to a full correlation) with the filter turned 180° and its
 * channel axes swapped. Why: WebAssembly's `Conv2DBackpropInput` is a plain loop, about 8× slower
 * than its XNNPACK `Conv2D` on LeNet's second layer (25 ms against 3 ms at batch 256).
 */
export function conv2dInputGrad(dy: tf.Tensor4D, filter: tf.Tensor4D, inShape: readonly number[], padding: Padding): tf.Tensor4D {
  const k = filter.shape[0];
  const [, h, w] = inShape as [number, number, number, number];
  const [top, bottom] = padding === 'same' ? samePadding(h, k, 1) : [0, 0];
  const [left, right] = padding === 'same' ? samePadding(w, k, 1) : [0, 0];
  const full = tf.pad(dy, [
    [0, 0],
    [k - 1 - top, k - 1 - bottom],
    [k - 1 - left, k - 1 - right],
    [0, 0],
  ]);
  const turned = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]);
  return tf.conv2d(full, turned, 1, 'valid');
}

/** The input gradient with the backend's own kernel, or `conv2dInputGrad` on WebAssembly where the stride is 1. */
function inputGrad(dy: tf.Tensor4D, filter: tf.Tensor4D, inShape: [number, number, number, number], stride: number, padding: Padding): tf.Tensor4D {
  if (stride === 1 && tf.getBackend() === 'wasm') return conv2dInputGrad(dy, filter, inShape, padding);
  return tf.conv2dTranspose(dy, filter, inShape, stride, padding);
}

export interface Conv2dOptions {
  stride: number;
  padding: Padding;
  /** A ReLU computed inside the convolution's kernel. */
  activation: 'linear' | 'relu';
  /** False when `x` is the network's input: its gradient is then never computed. */
  inputGrad: boolean;
}

/**
 * `activation(conv2d(x, filter) + bias)` for `x` `[batch, h, w, cin]` and `filter`
 * `[k, k, cin, cout]` (NHWC, as Keras), one fused kernel forward, with a hand-written backward
 * pass that works on every backend (see `conv2dFilterGrad`).
 */
export function conv2dTrain(x: tf.Tensor4D, filter: tf.Tensor, bias: tf.Tensor, options: Conv2dOptions): tf.Tensor4D {
  const { stride, padding, activation } = options;
  const filterShape = filter.shape as [number, number, number, number];
  const run = (input: tf.Tensor4D, w: tf.Tensor, b: tf.Tensor) =>
    tf.fused.conv2d({ x: input, filter: w as tf.Tensor4D, strides: stride, pad: padding, bias: b, activation });
  const backward = (dy: tf.Tensor4D, y: tf.Tensor4D): tf.Tensor4D => (activation === 'relu' ? tf.mul(dy, tf.step(y)) : dy);
  const weightGrads = (input: tf.Tensor4D, dz: tf.Tensor4D) => [
    filterGrad(input, dz, filterShape, stride, padding),
    columnSums(tf.reshape(dz, [-1, filterShape[3]]) as tf.Tensor2D),
  ];
  if (!options.inputGrad) {
    const op = tf.customGrad((wIn, bIn, saveIn) => {
      const y = run(x, wIn as tf.Tensor, bIn as tf.Tensor);
      (saveIn as tf.GradSaveFunc)([x, y]);
      return {
        value: y,
        gradFunc: (dy, saved) => {
          const [savedX, savedY] = saved as [tf.Tensor4D, tf.Tensor4D];
          return weightGrads(savedX, backward(dy as tf.Tensor4D, savedY));
        },
      };
    });
    return op(filter, bias) as tf.Tensor4D;
  }
  const op = tf.customGrad((xIn, wIn, bIn, saveIn) => {
    const y = run(xIn as tf.Tensor4D, wIn as tf.Tensor, bIn as tf.Tensor);
    (saveIn as tf.GradSaveFunc)([xIn as tf.Tensor, wIn as tf.Tensor, y]);
    return {
      value: y,
      gradFunc: (dy, saved) => {
        const [savedX, savedW, savedY] = saved as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
        const dz = backward(dy as tf.Tensor4D, savedY);
        return [inputGrad(dz, savedW, savedX.shape, stride, padding), ...weightGrads(savedX, dz)];
      },
    };
  });
  return op(x, filter, bias) as tf.Tensor4D;
}

/**
 * Group normalisation (Wu & He, 2018) of `x` `[batch, ..., c]`: the channels split into `groups`
 * groups of c / groups, each sample normalised over its own positions and the channels of one
 * group, then scaled and shifted per channel, `gamma` and `beta` `[c]`. Like LayerNorm, it uses no
 * batch statistics, so training and inference agree at any batch size. Backward by autodiff,
 * hand-written on WebAssembly (`groupNormPooled`).
 * Pure; run inside a tidy or a gradient function.
 */
export function groupNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, groups: number, epsilon: number): tf.Tensor {
  if (tf.getBackend() === 'wasm') return groupNormPooled(x, gamma, beta, groups, epsilon);
  const c = x.shape[x.rank - 1]!;
  const grouped = tf.reshape(x, [x.shape[0]!, -1, groups, c / groups]);
  const { mean, variance } = tf.moments(grouped, [1, 3], true);
  const normalised = tf.reshape(tf.mul(tf.sub(grouped, mean), tf.rsqrt(tf.add(variance, epsilon))), x.shape);
  return tf.add(tf.mul(normalised, gamma), beta);
}
