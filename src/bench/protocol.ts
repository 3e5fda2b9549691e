/** What the bench page asks of one bench worker, and what it answers. Plain data, serialisable. */
import type { BackendName } from '../worker/protocol';
import type { MlpData, MlpInit } from './jaxMlp';

export interface BenchPlan {
  backend: BackendName;
  /** Base URL under which `data/mnist/` lies. */
  baseUrl: string;
  batchSizes: number[];
  /** Timed steps per measurement, by batch size. */
  timedSteps: Record<number, number>;
  /** Untimed steps before the first measurement of each configuration (kernels, shaders, slots). */
  warmupSteps: number;
  /** Ours and fit alternate this many times per configuration; medians are reported. */
  rounds: number;
  /** Images per short epoch of the memory check (at batch 32, BN model). */
  memoryEpochImages: number;
  /** Also time jax-js (single-threaded and with its thread pool) in the same rounds; wasm only. */
  jax?: boolean;
  /** The convnets to measure after the MLP; absent: none. */
  conv?: ConvBenchPlan;
}

/** The convnets the bench trains: d2l's LeNet with BN (SGD 1.0) and the small modern convnet with BN (Adam 1e-3). */
export const CONV_BENCH_MODELS = ['lenet-bn', 'convnet-bn'] as const;
export type ConvBenchModel = (typeof CONV_BENCH_MODELS)[number];

export interface ConvBenchPlan {
  batchSizes: number[];
  /** Timed steps per measurement, by model and batch size. */
  timedSteps: Record<ConvBenchModel, Record<number, number>>;
  /** Untimed steps of ours and of fit before the first timed round. */
  warmupSteps: number;
  rounds: number;
}

export interface ConvSpeedResult {
  model: ConvBenchModel;
  batchSize: number;
  samples: number;
  /** One entry per round, samples/s. */
  ours: number[];
  /** `model.fit`, one entry per round, samples/s; empty when fit cannot train the model on this backend. */
  fit: number[];
  /** Why fit could not train it (tfjs' WebAssembly backend has no Conv2DBackpropFilter kernel), else null. */
  fitError: string | null;
  /** `tf.memory().numTensors` after each of our rounds: the same number each time when nothing leaks. */
  tensorsAfterRounds: number[];
}

export interface SpeedResult {
  batchSize: number;
  bn: boolean;
  samples: number;
  /** One entry per round, samples/s. */
  ours: number[];
  fit: number[];
  /** jax-js, jit-compiled step: single-threaded and with its default thread pool; null when not measured. */
  jax: { single: number[]; pool: number[] } | null;
}

export interface MemoryPoint {
  epoch: number;
  numTensors: number;
  /**
   * The worker's V8 heap after a forced GC, read by the runner over CDP (workers have no
   * `performance.memory`) a step or two after the epoch ends; null if it could not be read.
   */
  heapBytes: number | null;
}

export interface BackendResult {
  backend: BackendName;
  /** What tfjs really runs (a failed backend falls back; the bench refuses to mislabel it). */
  actualBackend: string;
  /** From `runExperiment` to the first `onSteps` (the first step's metrics reach the caller). */
  firstStepColdMs: number;
  firstStepWarmMs: number;
  speed: SpeedResult[];
  memory: MemoryPoint[];
  /** Workers in jax-js' thread pool (1: it found no shared memory); null when jax-js was not measured. */
  jaxPoolThreads: number | null;
  conv: ConvSpeedResult[];
}

export type BenchWorkerMessage =
  | { type: 'log'; text: string }
  /** An epoch of the memory check ended: the page asks the runner to read the worker's heap. */
  | { type: 'epoch'; epoch: number }
  | { type: 'done'; result: BackendResult }
  | { type: 'failed'; message: string };

/** What a bench worker asks of its jax-js worker (jax.worker.ts). */
export type JaxCommand =
  /** Hide shared memory first when `pool` is false, so jax-js runs single-threaded. */
  { type: 'init'; pool: boolean; init: MlpInit; data: MlpData; batchSize: number } | { type: 'train'; steps: number };

export type JaxReply =
  /** `threads`: workers in jax-js' pool, 1 without one. */
  { type: 'ready'; threads: number } | { type: 'trained'; ms: number } | { type: 'failed'; message: string };
