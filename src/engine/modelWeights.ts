import * as tf from '@tensorflow/tfjs-core';
import { allVariables, type Model } from './model';

/** A model's variables as plain numbers: to save it elsewhere (a TF.js model, PyTorch weights). */
export interface ModelWeights {
  /** Per layer, the shape of each of its variables, in its kind's order (a Dense kernel `[in, units]`, then its bias). */
  shapes: number[][][];
  /** Every variable flattened row-major and concatenated in that order, float32. */
  values: Float32Array;
}

/**
 * Reads every variable of `net` (weights and BatchNorm moving statistics) back from the device in
 * one read. Changes nothing; every tensor made here is freed before it returns.
 */
export async function readModelWeights(net: Model): Promise<ModelWeights> {
  const shapes = net.layers.map((l) => l.variables.map((v) => [...v.shape]));
  const variables = allVariables(net);
  if (variables.length === 0) return { shapes, values: new Float32Array(0) };
  const flat = tf.tidy(() => tf.concat(variables.map((v) => tf.reshape(v, [-1]))));
  try {
    return { shapes, values: await flat.data<'float32'>() };
  } finally {
    flat.dispose();
  }
}
