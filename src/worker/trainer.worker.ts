/// <reference lib="webworker" />
/**
 * The module Web Worker that owns TensorFlow.js. The main thread never imports tfjs: it talks to
 * this file through `protocol.ts` only.
 */
import '../zodJitless';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { describeError } from '../data/dataError';
import { loadDataset } from '../data/loadDataset';
import { indexedDbAutoMemory } from './autoMemory';
import { autoCandidates, selectBackend, watchBackend } from './backend';
import { raceBackends } from './backendRace';
import type { WorkerCommand, WorkerEvent } from './protocol';
import { createWorkerHandler } from './workerHandler';

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});

// The DOM and worker libs cannot both type `self`; this file only ever runs as a dedicated worker.
const scope = self as DedicatedWorkerGlobalScope;

const post = (event: WorkerEvent, transfer: Transferable[] = []) => scope.postMessage(event, transfer);

const handle = createWorkerHandler(post, {
  selectBackend,
  loadData: (baseUrl, onProgress, dataset, signal) => loadDataset(dataset, baseUrl, onProgress, signal),
  watchBackend,
  auto: { candidates: autoCandidates, race: (names, config, train) => raceBackends(names, config, train), memory: indexedDbAutoMemory(), now: Date.now },
});

scope.addEventListener('message', (event: MessageEvent<WorkerCommand>) => {
  handle(event.data).catch((error: unknown) => post({ type: 'workerError', fatal: false, message: describeError(error) }));
});
scope.addEventListener('unhandledrejection', (event) => {
  post({ type: 'workerError', fatal: false, message: String(event.reason) });
});
