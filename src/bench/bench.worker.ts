/// <reference lib="webworker" />
/**
 * One bench worker per backend, so the first run on it is really cold. Measures our engine against
 * a plain `tf.layers` + `model.fit` baseline in the same worker, on the same data. Only this
 * worker imports the tfjs union package (for `tf.layers`); the app never does.
 */
import { hiddenBlocks } from '../engine/layers/blocks';
import * as tfl from '@tensorflow/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { loadMnist } from '../data/loadDataset';
import { defaultExperiment, type TrainConfig } from '../engine/config';
import { makeSplits, uploadImageSet, type ImageTensors, type Splits } from '../engine/dataTensors';
import { createModel, disposeModel, type Model } from '../engine/model';
import { createOptimizer, type Optimizer } from '../engine/optimizers';
import { RunControl } from '../engine/runControl';
import { runExperiment, trainModel, type TrainEvents } from '../engine/train';
import { selectBackend } from '../worker/backend';
import { measureConvnets } from './convBench';
import { startJaxArm, type JaxArm } from './jaxArm';
import type { MlpData } from './jaxMlp';
import { benchModelConfig as modelConfig, mlpInitOf } from './mlpInit';
import type { BackendResult, BenchPlan, BenchWorkerMessage, MemoryPoint, SpeedResult } from './protocol';

// As in trainer.worker.ts: Vite fingerprints the wasm files, so tfjs must be told where they are.
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});
// The bench page is cross-origin isolated for jax-js' thread pool; tfjs stays single-threaded, as in the app (which is not).
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);

const scope = self as DedicatedWorkerGlobalScope;
const post = (message: BenchWorkerMessage) => scope.postMessage(message);
const log = (text: string) => post({ type: 'log', text });

const noEvents: TrainEvents = { onSteps() {}, onEpoch() {}, onLearningRate() {}, onPaused() {}, onResumed() {} };

function trainConfig(batchSize: number, images: number, epochs = 1): TrainConfig {
  return { ...defaultExperiment().train, batchSize, epochs, trainLimit: images };
}

/** Training rows as the app would use them; validation and test cut to one batch so the evaluation that ends `trainModel` costs next to nothing. */
function benchSplits(train: ImageTensors, test: ImageTensors, config: TrainConfig): Splits {
  const tiny = { source: test, start: 0, count: config.batchSize };
  return { ...makeSplits(train, test, config), validation: tiny, test: tiny };
}

/** Milliseconds of our training loop for `steps` steps, as the loop itself reports it (evaluation left out). */
async function oursMs(net: Model, optimizer: Optimizer, train: ImageTensors, test: ImageTensors, batchSize: number, steps: number) {
  const config = trainConfig(batchSize, steps * batchSize);
  let ms = Number.NaN;
  const outcome = await trainModel(net, optimizer, benchSplits(train, test, config), config, new RunControl(), {
    ...noEvents,
    onSteps: (_points, progress) => {
      ms = progress.elapsedMs;
    },
  });
  if (outcome.status !== 'completed') throw new Error(`our loop ended ${outcome.status}`);
  return ms;
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

/** The first `count` training rows, gathered (never sliced: slicing big tensors is slow on wasm), labels as they are and one-hot. */
function fitData(train: ImageTensors, count: number): { xs: tf.Tensor2D; ys: tf.Tensor2D; labels: tf.Tensor1D } {
  return tf.tidy(() => {
    const idx = tf.range(0, count, 1, 'int32');
    const labels = tf.gather(train.labels, idx);
    return { xs: tf.gather(train.xs, idx), labels, ys: tf.cast(tf.oneHot(labels, 10), 'float32') as tf.Tensor2D };
  });
}

async function fitMs(model: tfl.Sequential, data: { xs: tf.Tensor2D; ys: tf.Tensor2D }, batchSize: number) {
  const start = performance.now();
  // fit reads its loss history back before resolving, so the device work is included.
  await model.fit(data.xs, data.ys, { batchSize, epochs: 1, shuffle: true, verbose: 0 });
  return performance.now() - start;
}

/** Workers in jax-js' pool, as its pooled arm last reported (null: jax-js not measured). */
let jaxPoolThreads: number | null = null;

/** The jax-js arms, single-threaded and pooled, from `net`'s current weights, on the rows of `data` (none unless the plan asks). */
async function startJaxArms(plan: BenchPlan, net: Model, data: { xs: tf.Tensor2D; labels: tf.Tensor1D }, batchSize: number): Promise<JaxArm[]> {
  if (!plan.jax) return [];
  const init = mlpInitOf(net);
  const rows: MlpData = { xs: new Float32Array(data.xs.dataSync()), labels: new Int32Array(data.labels.dataSync()), count: data.xs.shape[0] };
  const single = await startJaxArm(false, init, rows, batchSize);
  try {
    const pool = await startJaxArm(true, init, rows, batchSize);
    jaxPoolThreads = pool.threads;
    return [single, pool];
  } catch (error) {
    single.close();
    throw error;
  }
}

async function measureSpeed(plan: BenchPlan, train: ImageTensors, test: ImageTensors, batchSize: number, bn: boolean) {
  const steps = plan.timedSteps[batchSize] ?? 30;
  const samples = steps * batchSize;
  const result: SpeedResult = { batchSize, bn, samples, ours: [], fit: [], jax: plan.jax ? { single: [], pool: [] } : null };
  const net = createModel(modelConfig(bn), 42);
  const optimizer = createOptimizer('adam', 1e-3);
  const model = fitModel(bn);
  const data = fitData(train, samples);
  const warm = fitData(train, plan.warmupSteps * batchSize);
  let arms: JaxArm[] = [];
  try {
    arms = await startJaxArms(plan, net, { xs: data.xs, labels: data.labels }, batchSize);
    await oursMs(net, optimizer, train, test, batchSize, plan.warmupSteps);
    await fitMs(model, warm, batchSize);
    for (const arm of arms) await arm.ms(plan.warmupSteps);
    // Alternating, so drift (thermal, other processes, GC) hits all alike.
    for (let round = 0; round < plan.rounds; round++) {
      result.ours.push((samples / (await oursMs(net, optimizer, train, test, batchSize, steps))) * 1000);
      result.fit.push((samples / (await fitMs(model, data, batchSize))) * 1000);
      const [single, pool] = arms;
      if (single && pool && result.jax) {
        result.jax.single.push((samples / (await single.ms(steps))) * 1000);
        result.jax.pool.push((samples / (await pool.ms(steps))) * 1000);
      }
    }
  } finally {
    arms.forEach((a) => a.close());
    optimizer.dispose();
    disposeModel(net);
    model.dispose();
    tf.dispose([data.xs, data.ys, data.labels, warm.xs, warm.ys, warm.labels]);
  }
  const jax = result.jax ? ` jax-js ${result.jax.single.map(Math.round).join('/')} pool ${result.jax.pool.map(Math.round).join('/')}` : '';
  log(
    `${plan.backend} bs${batchSize} ${bn ? 'bn' : 'nobn'}: ours ${result.ours.map(Math.round).join('/')} fit ${result.fit.map(Math.round).join('/')}${jax} samples/s`,
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
  return { backend: plan.backend, actualBackend: tf.getBackend(), firstStepColdMs, firstStepWarmMs, speed, memory, jaxPoolThreads, conv };
}

scope.addEventListener('message', (event: MessageEvent<BenchPlan>) => {
  run(event.data).then(
    (result) => post({ type: 'done', result }),
    (error: unknown) => post({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
