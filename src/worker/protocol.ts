/**
 * The worker's whole vocabulary: commands in, events out. Every run event carries its `runId`
 * so the main thread can drop events from a run it no longer shows.
 */
import type { ExperimentConfig } from '../engine/config';
import type { EpochPoint, Progress, TrainOutcome } from '../engine/train';
import type { DataErrorCode } from '../data/dataError';

export const BACKEND_PREFERENCES = ['webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_PREFERENCES)[number];

export interface BackendInfo {
  name: BackendName;
  /** What runs it, e.g. "SwiftShader (software)" or the GPU's name. */
  detail: string;
  /** Why this backend, e.g. "WebGL unavailable: no WebGL2 context". Empty when it was the one asked for. */
  fallbackReason: string;
}

export type WorkerCommand =
  | { type: 'init'; backend: BackendName }
  /** `baseUrl`: the page's base, under which `data/mnist/` lies. */
  | { type: 'loadData'; baseUrl: string }
  | { type: 'train'; runId: string; config: ExperimentConfig }
  | { type: 'pause'; runId: string }
  | { type: 'resume'; runId: string }
  | { type: 'stop'; runId: string }
  | { type: 'setLearningRate'; runId: string; learningRate: number }
  /**
   * After `backendLost`: start `backend`, upload the data to it again, and continue every halted
   * run from its last snapshot (each answers `resumed`).
   */
  | { type: 'recover'; backend: BackendName };

/** A run halted by a lost backend, and the last step it delivered (where it will continue). */
export interface HaltedRun {
  runId: string;
  step: number;
}

export type WorkerEvent =
  | { type: 'backend'; backend: BackendInfo }
  | { type: 'dataProgress'; loadedBytes: number; totalBytes: number }
  | { type: 'dataReady'; trainCount: number; testCount: number }
  | { type: 'dataError'; code: DataErrorCode | 'unknown'; message: string }
  | { type: 'runStarted'; runId: string; totalSteps: number; stepsPerEpoch: number; trainCount: number }
  | { type: 'steps'; runId: string; firstStep: number; loss: Float32Array; accuracy: Float32Array; progress: Progress }
  | { type: 'epoch'; runId: string; point: EpochPoint }
  | { type: 'learningRate'; runId: string; step: number; learningRate: number }
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
