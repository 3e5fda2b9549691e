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

/** Whether `model.fit` can train a convnet on the current backend: tfjs' WebAssembly backend has no filter-gradient kernel. */
const fitCanTrainConvnets = (): boolean => tf.getKernel('Conv2DBackpropFilter', tf.getBackend()) !== undefined;

/** Our samples/s against fit's (when `withFit`) for one convnet at one batch size, in alternating rounds. */
async function measureOne(name: ConvBenchModel, batchSize: number, plan: ConvBenchPlan, data: BenchData, withFit: boolean): Promise<ConvSpeedResult> {
  const config = CONFIGS[name]();
  const trainConfig = { ...config.train, batchSize };
  const steps = plan.timedSteps[name][batchSize] ?? 4;
  const samples = steps * batchSize;
  const result: ConvSpeedResult = { model: name, batchSize, samples, ours: [], fit: [], fitError: null, tensorsAfterRounds: [] };
  const net = createModel(config.model, 42);
  const optimizer = createOptimizer(trainConfig.optimizer, trainConfig.learningRate);
  const model = fitModel(config.model, trainConfig);
  const rows = fitData(data.train, samples);
  const warm = fitData(data.train, plan.warmupSteps * batchSize);
  try {
    await oursMs(net, optimizer, data.train, data.test, trainConfig, plan.warmupSteps);
    if (withFit) await fitMs(model, warm, batchSize);
    // Alternating, so drift (thermal, other processes, GC) hits both alike.
    for (let round = 0; round < plan.rounds; round++) {
      result.ours.push((samples / (await oursMs(net, optimizer, data.train, data.test, trainConfig, steps))) * 1000);
      result.tensorsAfterRounds.push(tf.memory().numTensors);
      if (withFit) result.fit.push((samples / (await fitMs(model, rows, batchSize))) * 1000);
    }
  } finally {
    optimizer.dispose();
    disposeModel(net);
    // fit's optimizer keeps its own slots (Adam's moments); disposing the model leaves them.
    model.optimizer.dispose();
    model.dispose();
    tf.dispose([rows.xs, rows.ys, warm.xs, warm.ys]);
  }
  return result;
}

/**
 * What `model.fit` of d2l's LeNet says on this backend, from one real attempt. Only where it is
 * known to fail, and last: a fit that throws half-way leaves ~30 tensors behind in tfjs.
 */
async function fitFailure(train: ImageTensors): Promise<string> {
  const config = leNetBn();
  const model = fitModel(config.model, config.train);
  const rows = fitData(train, 64);
  try {
    await fitMs(model, rows, 64);
    return 'fit ran here after all';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    model.optimizer.dispose();
    model.dispose();
    tf.dispose([rows.xs, rows.ys]);
  }
}

interface BenchData {
  train: ImageTensors;
  test: ImageTensors;
}

/** Every convnet of the bench at every batch size of `plan`, logging each as it ends. */
export async function measureConvnets(
  backend: BackendName,
  plan: ConvBenchPlan,
  train: ImageTensors,
  test: ImageTensors,
  log: (text: string) => void,
): Promise<ConvSpeedResult[]> {
  const withFit = fitCanTrainConvnets();
  const results: ConvSpeedResult[] = [];
  for (const name of CONV_BENCH_MODELS) {
    for (const batchSize of plan.batchSizes) {
      const r = await measureOne(name, batchSize, plan, { train, test }, withFit);
      const fit = withFit ? `fit ${r.fit.map(Math.round).join('/')}` : 'fit not run';
      log(`${backend} ${name} bs${batchSize}: ours ${r.ours.map(Math.round).join('/')} ${fit} samples/s; tensors ${r.tensorsAfterRounds.join(',')}`);
      results.push(r);
    }
  }
  if (!withFit) {
    const why = await fitFailure(train);
    log(`${backend}: model.fit of a convnet: ${why}`);
    for (const r of results) r.fitError = why;
  }
  return results;
}
