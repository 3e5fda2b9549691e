import * as tf from '@tensorflow/tfjs-core';
import { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMnistFromDisk } from '../data/testing/readMnistFromDisk';
import { notebookBnModel, notebookPlainModel } from './presets';
import type { ExperimentConfig } from '../engine/config';
import { disposeImageTensors, makeSplits, uploadImageSet, type ImageSetBytes, type ImageTensors } from '../engine/dataTensors';
import { RunControl } from '../engine/runControl';
import { runExperiment, type TrainEvents } from '../engine/train';

/**
 * Soak: the notebook's two models for its 30 epochs, on a 384-image subset of real MNIST, on the
 * wasm backend (what a long run uses without a GPU). A leak of one tensor a step would show
 * hundreds of times over, so tensors and their bytes must be identical at every epoch end; the
 * JS heap (after a forced collection) and array buffers must not creep, and the wasm memory
 * may grow by a chunk at most (fragmentation), not step by step. The quick cpu check in train.test.ts ("leaks no
 * tensors") covers the small model over 4 epochs; this one is the long run.
 */
let train: ImageTensors;
let test: ImageTensors;

/** The first `count` images of a set, sharing its bytes. */
const head = (set: ImageSetBytes, count: number): ImageSetBytes => ({
  count,
  pixels: set.pixels.subarray(0, count * 784),
  labels: set.labels.subarray(0, count),
});

// Node hides `gc` unless started with --expose-gc; the flag can still be set at run time.
setFlagsFromString('--expose-gc');
// ArrayBuffers are otherwise freed by a background sweep after `gc()` returns, so a reading could
// still count buffers already dead (seen: ±6.5 MB between runs of the full suite).
setFlagsFromString('--no-concurrent-array-buffer-sweeping');
const gc = runInNewContext('gc') as () => void;

beforeAll(async () => {
  await tf.setBackend('wasm');
  const mnist = await readMnistFromDisk();
  // 128 held out for the plain model's validation, then 384 to train on.
  train = uploadImageSet(head(mnist.train, 512));
  test = uploadImageSet(head(mnist.test, 256));
});
afterAll(() => {
  disposeImageTensors(train);
  disposeImageTensors(test);
});

interface EpochMemory {
  numTensors: number;
  numBytes: number;
  heapUsed: number;
  /** ArrayBuffers (snapshots, read-backs). */
  arrayBuffers: number;
  /** The wasm backend's memory (it grows, never shrinks). */
  wasmBytes: number;
}

const wasmBytes = () => {
  const backend = tf.backend();
  // Emscripten's heap view; its typings (@types/emscripten) are not installed.
  const heap: unknown = backend instanceof BackendWasm ? Reflect.get(backend.wasm, 'HEAPU8') : null;
  return heap instanceof Uint8Array ? heap.byteLength : Number.NaN;
};

async function soak(config: ExperimentConfig, withSnapshots: boolean) {
  const memory: EpochMemory[] = [];
  let snapshots = 0;
  const events: TrainEvents = {
    onSteps: () => {},
    onEpoch: () => {
      gc();
      const { heapUsed, arrayBuffers } = process.memoryUsage();
      memory.push({ numTensors: tf.memory().numTensors, numBytes: tf.memory().numBytes, heapUsed, arrayBuffers, wasmBytes: wasmBytes() });
    },
    onLearningRate: () => {},
    onPaused: () => {},
    onResumed: () => {},
    ...(withSnapshots ? { onSnapshot: () => (snapshots += 1) } : {}),
  };
  const before = tf.memory().numTensors;
  const started = process.cpuUsage();
  const outcome = await runExperiment(config, makeSplits(train, test, config.train), new RunControl(), events);
  const used = process.cpuUsage(started);
  expect(outcome.status).toBe('completed');
  expect(tf.memory().numTensors).toBe(before);
  return { memory, snapshots, cpuSeconds: (used.user + used.system) / 1e6, outcome };
}

const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(2);

function expectFlat(memory: EpochMemory[], label: string) {
  expect(memory).toHaveLength(30);
  expect(new Set(memory.map((m) => m.numTensors)).size, `${label}: tensors per epoch`).toBe(1);
  expect(new Set(memory.map((m) => m.numBytes)).size, `${label}: tensor bytes per epoch`).toBe(1);
  // Freed buffers are returned lazily, so one epoch may read high: a leak raises the floor.
  // Compare the lowest reading of epochs 3–12 (kernels and slots exist by then) with 21–30's.
  const floorGrowth = (pick: (m: EpochMemory) => number) => Math.min(...memory.slice(20).map(pick)) - Math.min(...memory.slice(2, 12).map(pick));
  const heap = floorGrowth((m) => m.heapUsed);
  const buffers = floorGrowth((m) => m.arrayBuffers);
  // Tensor bytes are flat (above), but the allocator may take one more chunk when freed blocks
  // do not fit a new one (snapshots are 2.8 MB each): bounded, not growing step by step.
  const wasmGrewAt = memory.flatMap((m, i) => (i > 0 && m.wasmBytes > memory[i - 1]!.wasmBytes ? [i + 1] : []));
  const wasm = memory[29]!.wasmBytes - memory[2]!.wasmBytes;
  console.log(
    `${label}: ${memory[0]!.numTensors} tensors, ${mb(memory[0]!.numBytes)} MB of tensors at every epoch end; ` +
      `from epochs 3–12 to 21–30: heap ${mb(heap)} MB, array buffers ${mb(buffers)} MB; ` +
      `wasm memory ${mb(memory[0]!.wasmBytes)} → ${mb(memory[29]!.wasmBytes)} MB (grew after epochs: ${wasmGrewAt.join(', ') || 'none'})`,
  );
  expect(heap, `${label}: JS heap growth`).toBeLessThan(2 ** 20);
  expect(buffers, `${label}: array buffer growth`).toBeLessThan(2 ** 20);
  expect(wasm, `${label}: wasm memory growth after epoch 3`).toBeLessThanOrEqual(memory[2]!.wasmBytes / 4);
  expect(wasmGrewAt.length, `${label}: times the wasm memory grew`).toBeLessThanOrEqual(2);
}

describe('soak: the notebook’s 30 epochs keep tensors and memory flat', () => {
  it('256/128 without BN, batch 32 (360 steps)', async () => {
    const base = notebookPlainModel();
    const config: ExperimentConfig = { ...base, train: { ...base.train, epochs: 30, trainLimit: 384, validation: { kind: 'holdout', size: 128 } } };
    const { memory, cpuSeconds } = await soak(config, false);
    console.log(`no BN: 30 epochs in ${cpuSeconds.toFixed(1)} CPU s`);
    expectFlat(memory, 'no BN');
  });

  it('BN on the input and after each ReLU, batch 64 (180 steps), taking snapshots as on WebGL', async () => {
    const base = notebookBnModel();
    const config: ExperimentConfig = { ...base, train: { ...base.train, epochs: 30, trainLimit: 384 } };
    const { memory, snapshots, cpuSeconds } = await soak(config, true);
    console.log(`BN: 30 epochs in ${cpuSeconds.toFixed(1)} CPU s, ${snapshots} snapshots`);
    // At least one per epoch end and one per validation.
    expect(snapshots).toBeGreaterThanOrEqual(60);
    expectFlat(memory, 'BN');
  });
});
