/**
 * The worker's whole vocabulary: commands in, events out. Every run event carries its `runId`
 * so the main thread can drop events from a run it no longer shows.
 */
import type { DatasetId, ExperimentConfig } from '../engine/config';
import type { EpochPoint, Progress, TrainOutcome } from '../engine/train';
import type { ModeDemo } from '../engine/modeDemo';
import type { WorkedBatch } from '../engine/workedBatch';
import type { FeatureMaps } from '../engine/featureMaps';
import type { Probe } from '../engine/probe';
import type { InputStats } from '../engine/inputStats';
import type { DataErrorCode } from '../data/dataError';

/** Backends the worker can run on. WebGPU is opt-in: tfjs' WebGPU backend is newer and not where the browser lacks it. */
export const BACKEND_NAMES = ['webgl', 'webgpu', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];
/** Backends that compile GPU programs, so the worker warms them up and reports `backendWarm`. */
export const compilesGpuPrograms = (name: BackendName): boolean => name === 'webgl' || name === 'webgpu';
/** What the user can ask for: a backend, or `auto` (the fastest this device really has; see `selectBackend`). */
export const BACKEND_PREFERENCES = ['auto', ...BACKEND_NAMES] as const;
export type BackendPreference = (typeof BACKEND_PREFERENCES)[number];

export interface BackendInfo {
  name: BackendName;
  /** What runs it, e.g. "SwiftShader (software)" or the GPU's name. */
  detail: string;
  /** Why this backend, e.g. "WebGL unavailable: no WebGL2 context". Empty when it was the one asked for. */
  fallbackReason: string;
  /**
   * Set when the user asked for Auto: why it chose this one, in plain words; after a race, with
   * the measured speeds ("Auto chose WebAssembly: 6,900 samples/s against 1,600 on WebGL").
   */
  autoReason?: string;
}

export type WorkerCommand =
  | { type: 'init'; backend: BackendPreference }
  /**
   * The experiment the page would train next (the form as it stands, sent when its model or batch
   * size changes): under Auto the worker races the backends on its model and batch size.
   */
  | { type: 'expectRun'; config: ExperimentConfig }
  /**
   * `baseUrl`: the page's base, under which `data/mnist/` lies. `dataset`, optional: which data to
   * load (absent: MNIST); it replaces the data loaded before, whose test images are kept for predictions.
   */
  | { type: 'loadData'; baseUrl: string; dataset?: DatasetId }
  /**
   * Answered by `predictions` or `predictError` with the same `requestId`. With `runId`, class
   * probabilities from that run's kept final model (inference mode: moving statistics, nothing
   * updated); with null, test images only (pixels and labels, no model needed).
   */
  | { type: 'predict'; requestId: number; runId: string | null; images: PredictImages }
  /**
   * Answered by `modelWeights` or `weightsError` (same `requestId`): every variable of `runId`'s
   * kept final model, to save it (a TF.js model, weights for the exported PyTorch file).
   */
  | { type: 'modelWeights'; requestId: number; runId: string }
  /** Frees the kept models of these runs (deleted or cleared on the page). */
  | { type: 'dropModels'; runIds: string[] }
  /** `landscape`, optional: also measure the loss landscape at some probes (see engine/landscape.ts); it costs time, so only runs that show it ask. */
  | { type: 'train'; runId: string; config: ExperimentConfig; landscape?: boolean }
  /**
   * Answered by `modeDemoResult` or `modeDemoError` (same `requestId`): `runId`'s kept final model
   * scored in both BatchNorm modes on a batch of test images of class `digit` and on batches of 2
   * (see engine/modeDemo.ts). Nothing in the model changes.
   */
  | { type: 'modeDemo'; requestId: number; runId: string; digit: number }
  /** Answered by `workedBatchResult` or `workedBatchError` (same `requestId`); nothing in any model changes. */
  | ({ type: 'workedBatch' } & WorkedBatchRequest)
  /**
   * Answered by `featureMapsResult` or `featureMapsError` (same `requestId`): test image `image`
   * (0-based) of the data `runId`'s kept final model trained on, through that model in inference
   * mode (see engine/featureMaps.ts). Nothing in the model changes.
   */
  | { type: 'featureMaps'; requestId: number; runId: string; image: number }
  | { type: 'pause'; runId: string }
  | { type: 'resume'; runId: string }
  | { type: 'stop'; runId: string }
  | { type: 'setLearningRate'; runId: string; learningRate: number }
  /**
   * After `backendLost`: start `backend`, upload the data to it again, and continue every halted
   * run from its last snapshot (each answers `resumed`).
   */
  | { type: 'recover'; backend: BackendName };

/**
 * Images to predict: `count` test images of `dataset` from index `start` (0-based), or one drawing:
 * `pixels` `[784]` float32 in [0, 1], row-major 28x28, preprocessed as MNIST was (transferred).
 */
export type PredictImages = { kind: 'test'; dataset: DatasetId; start: number; count: number } | { kind: 'drawing'; pixels: Float32Array };

/**
 * The lesson's worked BatchNorm computation (engine/workedBatch.ts): unit `unit` of the `bnLayer`-th
 * hidden BatchNorm, on test images `start …` (WORKED_BATCH_SIZE of them), in `runId`'s kept final
 * model, or (null) in `config`'s network as it starts, before any training.
 */
export interface WorkedBatchRequest {
  requestId: number;
  runId: string | null;
  config: ExperimentConfig;
  bnLayer: number;
  unit: number;
  start: number;
}

/** A run halted by a lost backend, and the last step it delivered (where it will continue). */
export interface HaltedRun {
  runId: string;
  step: number;
}

export type WorkerEvent =
  | { type: 'backend'; backend: BackendInfo }
  /** Auto is timing these backends on the expected experiment (about a second); a `backend` event with the figures follows. */
  | { type: 'backendRacing'; backends: BackendName[] }
  /** A GPU backend (WebGL, WebGPU) has compiled its programs for the data loaded: a first step now comes without that wait. */
  | { type: 'backendWarm'; backend: BackendName }
  /** Data events name the dataset they are about (absent: MNIST), so a superseded load's are dropped. */
  | { type: 'dataProgress'; loadedBytes: number; totalBytes: number; dataset?: DatasetId }
  | { type: 'dataReady'; trainCount: number; testCount: number; dataset?: DatasetId }
  | { type: 'dataError'; code: DataErrorCode | 'unknown'; message: string; dataset?: DatasetId }
  /** `runId` ended and its final model, trained on `dataset`, is kept: it can `predict`. */
  | { type: 'modelKept'; runId: string; dataset: DatasetId }
  /** These runs' models were freed: dropped, evicted by newer ones (see MAX_KEPT_MODELS), or lost with the GPU. */
  | { type: 'modelsDropped'; runIds: string[] }
  /**
   * The answer to `predict` `requestId`, for `count` images. `probabilities`: `[count * 10]`
   * row-major (null without a run). `pixels` `[count * 784]` uint8 and `labels` `[count]`: the
   * test images asked about (null for a drawing). Arrays are transferred.
   */
  | {
      type: 'predictions';
      requestId: number;
      runId: string | null;
      count: number;
      probabilities: Float32Array | null;
      pixels: Uint8Array | null;
      labels: Uint8Array | null;
    }
  | { type: 'predictError'; requestId: number; runId: string | null; message: string }
  /** The answer to `modelWeights`: see `ModelWeights` (engine/modelWeights.ts); `values` is transferred. */
  | { type: 'modelWeights'; requestId: number; runId: string; shapes: number[][][]; values: Float32Array }
  | { type: 'weightsError'; requestId: number; runId: string; message: string }
  | { type: 'runStarted'; runId: string; totalSteps: number; stepsPerEpoch: number; trainCount: number }
  /** A look inside a training run between two steps (see engine/probe.ts); its typed arrays are transferred. */
  | { type: 'probe'; runId: string; probe: Probe }
  | { type: 'modeDemoResult'; requestId: number; runId: string; result: ModeDemo }
  | { type: 'modeDemoError'; requestId: number; runId: string; message: string }
  /** `pixels` `[count * 784]` uint8 (transferred) and `labels` `[count]`: the images the numbers are about. */
  | { type: 'workedBatchResult'; requestId: number; result: WorkedBatch; pixels: Uint8Array; labels: Uint8Array }
  | { type: 'workedBatchError'; requestId: number; message: string }
  /** The answer to `featureMaps`: the maps, with the image (`pixels` `[784]` uint8) and its label; typed arrays are transferred. */
  | { type: 'featureMapsResult'; requestId: number; runId: string; image: number; label: number; pixels: Uint8Array; maps: FeatureMaps }
  | { type: 'featureMapsError'; requestId: number; runId: string; message: string }
  | { type: 'steps'; runId: string; firstStep: number; loss: Float32Array; accuracy: Float32Array; progress: Progress }
  | { type: 'epoch'; runId: string; point: EpochPoint }
  | { type: 'learningRate'; runId: string; step: number; learningRate: number }
  /** Pixel statistics of the run's training and evaluation inputs, once per run after `runStarted`. */
  | { type: 'inputStats'; runId: string; stats: InputStats }
  | { type: 'paused'; runId: string }
  | { type: 'resumed'; runId: string }
  | { type: 'runEnded'; runId: string; outcome: TrainOutcome }
  | { type: 'runFailed'; runId: string; message: string }
  /**
   * The device under the backend is gone (a lost WebGL context). Every run training or paused is
   * halted, keeping what it delivered; `recover` continues them on another backend. Sent again
   * if a run learns of the loss later (it lists every halted run each time).
   */
  | { type: 'backendLost'; reason: string; runs: HaltedRun[] }
  /** `fatal`: the worker died and was replaced; its data and any run are gone. */
  | { type: 'workerError'; fatal: boolean; message: string };

export type PostEvent = (event: WorkerEvent, transfer?: Transferable[]) => void;
