/**
 * The convnets in the bench worker: d2l's LeNet with BN and the small modern convnet with BN, our
 * loop against `tf.layers` + `model.fit` of the same layer list, alternating rounds. Where fit
 * cannot train a convnet (tfjs' WebAssembly backend has no filter-gradient kernel), the failure is
 * recorded and our loop is measured alone.
 */
import * as tfl from '@tensorflow/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import type { BackendName } from '../worker/protocol';
import type { ExperimentConfig, ModelConfig, TrainConfig } from '../engine/config';
import type { ImageTensors } from '../engine/dataTensors';
import type { LayerSpec } from '../engine/layers/spec';
import { createModel, disposeModel } from '../engine/model';
import { createOptimizer } from '../engine/optimizers';
import { leNetBn, smallConvnet } from '../runs/convPresets';
import type { ConvBenchModel, ConvBenchPlan, ConvSpeedResult } from './protocol';
import { CONV_BENCH_MODELS } from './protocol';
import { fitData, fitMs, oursMs } from './timedRuns';

/** The presets' networks and training settings (LeNet's on MNIST's images here: speed does not depend on the data). */
const CONFIGS: Record<ConvBenchModel, () => ExperimentConfig> = { 'lenet-bn': leNetBn, 'convnet-bn': () => smallConvnet('mnist', 1) };

/** One `tf.layers` layer for a spec; the output Dense gets the softmax (our loss takes logits, Keras' the probabilities). */
function kerasLayer(spec: LayerSpec, last: boolean): tfl.layers.Layer {
  switch (spec.kind) {
    case 'conv2d':
      return tfl.layers.conv2d({ filters: spec.filters, kernelSize: spec.kernel, strides: spec.stride, padding: spec.padding });
    case 'batchNorm':
      return tfl.layers.batchNormalization({ momentum: spec.momentum, epsilon: spec.epsilon });
    case 'activation':
      return tfl.layers.activation({ activation: spec.fn });
    case 'maxPool':
      return tfl.layers.maxPooling2d({ poolSize: spec.size });
    case 'avgPool':
      return tfl.layers.averagePooling2d({ poolSize: spec.size });
    case 'flatten':
      return tfl.layers.flatten();
    case 'dense':
      return tfl.layers.dense({ units: spec.units, ...(last ? { activation: 'softmax' } : {}) });
    default:
      throw new Error(`the bench has no tf.layers twin for ${spec.kind}`);
  }
}

/** The same network in `tf.layers` (its own initial weights: only speed is compared), compiled with the same optimizer. */
function fitModel(model: ModelConfig, train: TrainConfig): tfl.Sequential {
  const seq = tfl.sequential();
  // The data arrives flat, as ours does.
  seq.add(tfl.layers.reshape({ targetShape: [28, 28, 1], inputShape: [784] }));
  model.layers.forEach((spec, i) => seq.add(kerasLayer(spec, i === model.layers.length - 1)));
  const optimizer = train.optimizer === 'sgd' ? tfl.train.sgd(train.learningRate) : tfl.train.adam(train.learningRate);
  // Accuracy too, because our loop computes it every step.
  seq.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return seq;
}

/** Our samples/s against fit's for one convnet at one batch size, in alternating rounds. */
async function measureOne(name: ConvBenchModel, batchSize: number, plan: ConvBenchPlan, train: ImageTensors, test: ImageTensors): Promise<ConvSpeedResult> {
  const config = CONFIGS[name]();
  const trainConfig = { ...config.train, batchSize };
  const steps = plan.timedSteps[name][batchSize] ?? 4;
  const samples = steps * batchSize;
  const result: ConvSpeedResult = { model: name, batchSize, samples, ours: [], fit: [], fitError: null, tensorsAfterRounds: [] };
  const net = createModel(config.model, 42);
  const optimizer = createOptimizer(trainConfig.optimizer, trainConfig.learningRate);
  const model = fitModel(config.model, trainConfig);
  const data = fitData(train, samples);
  const warm = fitData(train, plan.warmupSteps * batchSize);
  try {
    await oursMs(net, optimizer, train, test, trainConfig, plan.warmupSteps);
    // In a scope of its own: a fit that fails half-way leaves its tensors behind (~145 for LeNet on wasm).
    tf.engine().startScope();
    try {
      await fitMs(model, warm, batchSize);
    } catch (error) {
      result.fitError = error instanceof Error ? error.message : String(error);
    } finally {
      tf.engine().endScope();
    }
    // Alternating, so drift (thermal, other processes, GC) hits both alike.
    for (let round = 0; round < plan.rounds; round++) {
      result.ours.push((samples / (await oursMs(net, optimizer, train, test, trainConfig, steps))) * 1000);
      result.tensorsAfterRounds.push(tf.memory().numTensors);
      if (!result.fitError) result.fit.push((samples / (await fitMs(model, data, batchSize))) * 1000);
    }
  } finally {
    optimizer.dispose();
    disposeModel(net);
    model.dispose();
    tf.dispose([data.xs, data.ys, warm.xs, warm.ys]);
  }
  return result;
}

/** Every convnet of the bench at every batch size of `plan`, logging each as it ends. */
export async function measureConvnets(
  backend: BackendName,
  plan: ConvBenchPlan,
  train: ImageTensors,
  test: ImageTensors,
  log: (text: string) => void,
): Promise<ConvSpeedResult[]> {
  const results: ConvSpeedResult[] = [];
  for (const name of CONV_BENCH_MODELS) {
    for (const batchSize of plan.batchSizes) {
      const r = await measureOne(name, batchSize, plan, train, test);
      const fit = r.fitError ? `fit failed (${r.fitError})` : `fit ${r.fit.map(Math.round).join('/')}`;
      log(`${backend} ${name} bs${batchSize}: ours ${r.ours.map(Math.round).join('/')} ${fit} samples/s; tensors ${r.tensorsAfterRounds.join(',')}`);
      results.push(r);
    }
  }
  return results;
}
