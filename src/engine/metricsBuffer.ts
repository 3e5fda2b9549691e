import type * as tf from '@tensorflow/tfjs-core';
import type { DivergenceReason } from './divergence';
import { MAX_PENDING_STEPS, stackMetrics } from './stackMetrics';

/** Longest wait, ms since the last read-back, before waiting steps are read back even if fewer than MAX_PENDING_STEPS. */
export const MAX_PENDING_MS = 200;

/** Where the loss of a group of steps diverged. */
export interface Divergence {
  /** The step (1-based) whose loss diverged. */
  step: number;
  reason: DivergenceReason;
  loss: number;
}

/**
 * Steps `first … first + loss.length - 1` read back. When `diverged`, the arrays end at the
 * diverged step, included if its loss was finite (worth drawing), left out if it was not.
 */
export interface MetricsGroup {
  first: number;
  loss: Float32Array;
  accuracy: Float32Array;
  diverged: Divergence | null;
}

/**
 * The steps' `[loss, accuracy]` tensors that wait on the device, read back together in groups so
 * the loop never waits on the device every step; each loss read back goes through the divergence
 * rule, in order.
 */
export interface MetricsBuffer {
  /** Steps waiting. */
  readonly size: number;
  /** Adds a step's `[2]` metrics; the buffer owns the tensor from now on. */
  push(metrics: tf.Tensor1D): void;
  /** Whether the waiting steps should be read back now: MAX_PENDING_STEPS of them, or MAX_PENDING_MS since the last read. */
  isDue(): boolean;
  /**
   * Reads the waiting steps back (one read from the device, through `guard`) and frees their
   * tensors; `lastStep` is the step of the newest. Needs at least one step waiting. Stops at the
   * first loss the divergence rule condemns (the later steps' losses never reach the rule).
   */
  read(lastStep: number): Promise<MetricsGroup>;
  /** Frees what still waits (the loop ended or threw). */
  dispose(): void;
}

export function createMetricsBuffer(
  divergence: (loss: number) => DivergenceReason | null,
  guard: (read: Promise<Float32Array>) => Promise<Float32Array>,
  now: () => number = () => performance.now(),
): MetricsBuffer {
  const pending: tf.Tensor1D[] = [];
  let lastRead = now();
  return {
    get size() {
      return pending.length;
    },
    push(metrics) {
      pending.push(metrics);
    },
    isDue() {
      return pending.length >= MAX_PENDING_STEPS || now() - lastRead > MAX_PENDING_MS;
    },
    async read(lastStep) {
      const stacked = stackMetrics(pending);
      const n = pending.length;
      const first = lastStep - n + 1;
      pending.splice(0).forEach((t) => t.dispose());
      let values: Float32Array;
      try {
        values = await guard(stacked.data<'float32'>());
      } finally {
        stacked.dispose();
      }
      lastRead = now();
      const loss = new Float32Array(n);
      const accuracy = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        loss[i] = values[2 * i]!;
        accuracy[i] = values[2 * i + 1]!;
        const reason = divergence(loss[i]!);
        if (reason) {
          // An exploded step is finite and worth drawing; a NaN one is not.
          const keep = reason === 'exploded' ? i + 1 : i;
          return { first, loss: loss.slice(0, keep), accuracy: accuracy.slice(0, keep), diverged: { step: first + i, reason, loss: loss[i]! } };
        }
      }
      return { first, loss, accuracy, diverged: null };
    },
    dispose() {
      pending.splice(0).forEach((t) => t.dispose());
    },
  };
}
