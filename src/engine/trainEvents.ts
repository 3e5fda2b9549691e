import type { DivergenceReason } from './divergence';
import type { LossAccuracy } from './metrics';
import type { ProbeOptions } from './probe';
import type { TrainSnapshot } from './snapshot';

/** Per-step training metrics for steps `firstStep … firstStep + loss.length - 1` (1-based). */
export interface StepPoints {
  firstStep: number;
  loss: Float32Array;
  accuracy: Float32Array;
}

export interface Progress {
  step: number;
  totalSteps: number;
  /** 1-based epoch the last step belongs to. */
  epoch: number;
  samplesSeen: number;
  /** Training time, pauses left out. */
  elapsedMs: number;
}

export interface EpochPoint extends LossAccuracy {
  epoch: number;
  step: number;
  elapsedMs: number;
}

export interface TrainEvents {
  onSteps(points: StepPoints, progress: Progress): void;
  onEpoch(point: EpochPoint): void;
  onLearningRate(step: number, learningRate: number): void;
  /** Training has really halted (metrics so far delivered) after `pause()`. */
  onPaused(step: number): void;
  onResumed(): void;
  /**
   * Optional. When given, the loop also reads back its whole state (every weight and optimizer
   * slot) with deliveries of steps, as often as `SNAPSHOT_TIME_SHARE` allows and at every epoch
   * end, pause and learning-rate change, and hands it over before the steps it covers, so a
   * halted run can continue (see `Resume`).
   */
  onSnapshot?(snapshot: TrainSnapshot): void;
  /**
   * Optional: probes (see `probe.ts`) on the first validation images before the first step,
   * every `probes.every` steps (fewer if `probes.maxTimeShare` says so) and after the last, each
   * handed to `probes.onProbe`; the loop waits for each. They change nothing in the model.
   */
  probes?: ProbeOptions;
}

export type TrainOutcome =
  | { status: 'completed'; test: LossAccuracy; elapsedMs: number; steps: number }
  | { status: 'stopped'; elapsedMs: number; steps: number }
  | { status: 'diverged'; step: number; elapsedMs: number; reason: DivergenceReason; loss: number };
