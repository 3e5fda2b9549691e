/// <reference lib="webworker" />
/**
 * One bench worker per backend, so the first run on it is really cold. Measures our engine against
 * a plain `tf.layers` + `model.fit` baseline in the same worker, on the same data. Only this
 * worker imports the tfjs union package (for `tf.layers`); the app never does.
 */
import { hiddenBlocks } from '../engine/layers/blocks';
import { withoutLayers } from '../engine/layers/edits';
import * as tfl from '@tensorflow/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { loadMnist } from '../data/loadDataset';
import { defaultExperiment, type ModelConfig, type TrainConfig } from '../engine/config';
import { makeSplits, uploadImageSet, type ImageTensors } from '../engine/dataTensors';
import { createModel, disposeModel } from '../engine/model';
import { createOptimizer } from '../engine/optimizers';
import { RunControl } from '../engine/runControl';
import { runExperiment, trainModel } from '../engine/train';
import { selectBackend } from '../worker/backend';
import { measureConvnets } from './convBench';
import type { BackendResult, BenchPlan, BenchWorkerMessage, MemoryPoint, SpeedResult } from './protocol';
import { benchSplits, fitData, fitMs, noEvents, oursMs } from './timedRuns';

// As in trainer.worker.ts: Vite fingerprints the wasm files, so tfjs must be told where they are.
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});

const scope = self as DedicatedWorkerGlobalScope;
const post = (message: BenchWorkerMessage) => scope.postMessage(message);
const log = (text: string) => post({ type: 'log', text });

function modelConfig(bn: boolean): ModelConfig {
  const model = defaultExperiment().model;
  return bn ? model : { ...model, layers: withoutLayers(model.layers, 'batchNorm') };
}

function trainConfig(batchSize: number, images: number, epochs = 1): TrainConfig {
  return { ...defaultExperiment().train, batchSize, epochs, trainLimit: images };
}

/** The tutorial's Keras model in `tf.layers`: Dense → BatchNormalization → ReLU …, softmax. Keras' BN defaults are tfjs' too. */
function fitModel(bn: boolean): tfl.Sequential {
  const model = tfl.sequential();
  hiddenBlocks(modelConfig(bn).layers).forEach((h, i) => {
    model.add(tfl.layers.dense({ units: h.units, activation: bn ? 'linear' : 'relu', ...(i === 0 ? { inputShape: [784] } : {}) }));
    if (bn) {
      model.add(tfl.layers.batchNormalization());
      model.add(tfl.layers.activation({ activation: 'relu' }));
    }
  });
  model.add(tfl.layers.dense({ units: 10, activation: 'softmax' }));
  // Accuracy too, because our loop computes it every step.
  model.compile({ optimizer: tfl.train.adam(1e-3), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

async function measureSpeed(plan: BenchPlan, train: ImageTensors, test: ImageTensors, batchSize: number, bn: boolean) {
  const steps = plan.timedSteps[batchSize] ?? 30;
  const samples = steps * batchSize;
  const result: SpeedResult = { batchSize, bn, samples, ours: [], fit: [] };
  const net = createModel(modelConfig(bn), 42);
  const optimizer = createOptimizer('adam', 1e-3);
  const model = fitModel(bn);
  const data = fitData(train, samples);
  const warm = fitData(train, plan.warmupSteps * batchSize);
  try {
    const config = trainConfig(batchSize, samples);
    await oursMs(net, optimizer, train, test, config, plan.warmupSteps);
    await fitMs(model, warm, batchSize);
    // Alternating, so drift (thermal, other processes, GC) hits both alike.
    for (let round = 0; round < plan.rounds; round++) {
      result.ours.push((samples / (await oursMs(net, optimizer, train, test, config, steps))) * 1000);
      result.fit.push((samples / (await fitMs(model, data, batchSize))) * 1000);
    }
  } finally {
    optimizer.dispose();
    disposeModel(net);
    model.dispose();
    tf.dispose([data.xs, data.ys, warm.xs, warm.ys]);
  }
  log(
    `${plan.backend} bs${batchSize} ${bn ? 'bn' : 'nobn'}: ours ${result.ours.map(Math.round).join('/')} fit ${result.fit.map(Math.round).join('/')} samples/s`,
  );
  return result;
}

/** From calling `runExperiment` (model, optimizer, first step) to its first `onSteps`. */
async function firstStepMs(train: ImageTensors, test: ImageTensors): Promise<number> {
  const config = defaultExperiment();
  config.train.trainLimit = 6400;
  const control = new RunControl();
  const start = performance.now();
  let first = Number.NaN;
  await runExperiment(config, makeSplits(train, test, config.train), control, {
    ...noEvents,
    onSteps: () => {
      if (Number.isNaN(first)) first = performance.now() - start;
      control.stop();
    },
  });
  return first;
}

/** Tensors and heap after each of 5 short epochs of the BN model: both must stay flat. */
async function measureMemory(plan: BenchPlan, train: ImageTensors, test: ImageTensors): Promise<MemoryPoint[]> {
  const config = trainConfig(32, plan.memoryEpochImages, 5);
  const points: MemoryPoint[] = [];
  const net = createModel(modelConfig(true), 42);
  const optimizer = createOptimizer('adam', 1e-3);
  try {
    await trainModel(net, optimizer, benchSplits(train, test, config), config, new RunControl(), {
      ...noEvents,
      onEpoch: (p) => {
        points.push({ epoch: p.epoch, numTensors: tf.memory().numTensors, heapBytes: null });
        // The heap is read from outside while training goes on; it cannot be read from in here.
        post({ type: 'epoch', epoch: p.epoch });
      },
    });
  } finally {
    optimizer.dispose();
    disposeModel(net);
  }
  return points;
}

async function run(plan: BenchPlan): Promise<BackendResult> {
  const backend = await selectBackend(plan.backend);
  if (backend.name !== plan.backend) throw new Error(`${plan.backend} did not start: ${backend.fallbackReason}`);
  log(`${plan.backend}: ${backend.detail}; loading MNIST`);
  const mnist = await loadMnist(plan.baseUrl, () => {});
  const train = uploadImageSet(mnist.train);
  const test = uploadImageSet(mnist.test);
  const firstStepColdMs = await firstStepMs(train, test);
  const firstStepWarmMs = await firstStepMs(train, test);
  log(`${plan.backend}: first step cold ${firstStepColdMs.toFixed(0)} ms, warm ${firstStepWarmMs.toFixed(0)} ms`);
  const speed: SpeedResult[] = [];
  for (const batchSize of plan.batchSizes) {
    for (const bn of [true, false]) speed.push(await measureSpeed(plan, train, test, batchSize, bn));
  }
  const memory = await measureMemory(plan, train, test);
  const conv = plan.conv ? await measureConvnets(plan.backend, plan.conv, train, test, log) : [];
  return { backend: plan.backend, actualBackend: tf.getBackend(), firstStepColdMs, firstStepWarmMs, speed, memory, conv };
}

scope.addEventListener('message', (event: MessageEvent<BenchPlan>) => {
  run(event.data).then(
    (result) => post({ type: 'done', result }),
    (error: unknown) => post({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
