import type * as tf from '@tensorflow/tfjs-core';
import type { TrainSnapshot } from './snapshot';

/**
 * Snapshots on a timer take at most this share of the training time: one costs ~1 ms on a GPU
 * but 50–100 ms under SwiftShader (software WebGL), where it would otherwise slow training by a
 * quarter. Epoch ends, pauses and learning-rate changes always take one.
 */
export const SNAPSHOT_TIME_SHARE = 0.05;

/** A snapshot's fields but its values: where the loop stands. */
export type SnapshotPosition = Omit<TrainSnapshot, 'values'>;

export interface SnapshotterParts {
  /** The whole state as one tensor (see `stateTensor`); the snapshotter reads it back and frees it. */
  state(): tf.Tensor1D;
  /** Where the loop stands, read as the state tensor is made. */
  position(): SnapshotPosition;
  /** Wraps the read from the device (e.g. `RunControl.guard`). */
  guard(read: Promise<Float32Array>): Promise<Float32Array>;
  /** Absent: the snapshotter takes none (`enabled` is false). */
  onSnapshot?: ((snapshot: TrainSnapshot) => void) | undefined;
  /** The snapshot the run resumed from, if any: the last one until another is taken. */
  from: TrainSnapshot | null;
  now?: () => number;
}

/** Takes snapshots of a training run and times them so the timed ones stay within SNAPSHOT_TIME_SHARE. */
export interface Snapshotter {
  /** Whether snapshots are wanted at all (`onSnapshot` given). */
  readonly enabled: boolean;
  /** The last snapshot taken or handed over (the one resumed from, at first); null if none. */
  readonly last: TrainSnapshot | null;
  /** Whether a timed snapshot is due: the time since the last is over its cost divided by SNAPSHOT_TIME_SHARE. */
  timerDue(): boolean;
  /** Reads the whole state back (one read from the device), hands it to `onSnapshot`, and times itself to space the next timed one. */
  take(): Promise<void>;
  /** Starts the wait for the next timed snapshot from now: time spent elsewhere (validation) does not count towards it. */
  restartTimer(): void;
  /**
   * If the last snapshot is at `step` (no variable changed since), hands it over again with
   * `changes()` applied: the same values at a new position (an epoch done).
   */
  reissue(step: number, changes: () => Partial<SnapshotPosition>): void;
}

export function createSnapshotter({ state, position, guard, onSnapshot, from, now = () => performance.now() }: SnapshotterParts): Snapshotter {
  let last = from;
  let nextTimed = 0;
  /** What the last snapshot took, ms: timed ones are spaced by it. */
  let costMs = 0;
  return {
    enabled: onSnapshot !== undefined,
    get last() {
      return last;
    },
    timerDue: () => now() >= nextTimed,
    async take() {
      const began = now();
      const tensor = state();
      const at = position();
      let values: Float32Array;
      try {
        values = await guard(tensor.data<'float32'>());
      } finally {
        tensor.dispose();
      }
      const done = now();
      costMs = done - began;
      nextTimed = done + costMs / SNAPSHOT_TIME_SHARE;
      last = { ...at, values };
      onSnapshot?.(last);
    },
    restartTimer() {
      nextTimed = now() + costMs / SNAPSHOT_TIME_SHARE;
    },
    reissue(step, changes) {
      if (!last || last.step !== step || !onSnapshot) return;
      last = { ...last, ...changes() };
      onSnapshot(last);
    },
  };
}
