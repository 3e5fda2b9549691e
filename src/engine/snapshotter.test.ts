import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TrainSnapshot } from './snapshot';
import { createSnapshotter, SNAPSHOT_TIME_SHARE, type SnapshotPosition } from './snapshotter';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const position = (step: number): SnapshotPosition => ({
  step,
  epoch: 1,
  batch: step,
  order: null,
  orderRngState: 7,
  dropoutRngState: 8,
  trainCount: 100,
  samplesSeen: step * 10,
  elapsedMs: 0,
  learningRate: 0.1,
  optimizerIterations: step,
  divergence: { steps: step, first: 2.3, ema: 2.3 },
});

/** A snapshotter over a fake state `[1, 2, 3]` whose read-back takes `costMs` on a fake clock. */
function setUp(costMs: number, withListener = true) {
  const clock = { now: 1000 };
  const handed: TrainSnapshot[] = [];
  let step = 0;
  const snapshots = createSnapshotter({
    state: () => tf.tensor1d([1, 2, 3]),
    position: () => position(step),
    guard: async (read) => {
      clock.now += costMs;
      return read;
    },
    onSnapshot: withListener ? (s) => handed.push(s) : undefined,
    from: null,
    now: () => clock.now,
  });
  return { clock, handed, snapshots, setStep: (s: number) => (step = s) };
}

describe('createSnapshotter', () => {
  it('reads the state back with the position it was taken at, hands it over, and frees the tensor', async () => {
    const { handed, snapshots, setStep } = setUp(10);
    setStep(4);
    const before = tf.memory().numTensors;
    await snapshots.take();
    expect(tf.memory().numTensors).toBe(before);
    expect(handed).toHaveLength(1);
    expect(handed[0]).toEqual({ ...position(4), values: new Float32Array([1, 2, 3]) });
    expect(snapshots.last).toBe(handed[0]);
  });

  it('spaces timed snapshots so they take SNAPSHOT_TIME_SHARE of the time', async () => {
    const { clock, snapshots } = setUp(10);
    expect(snapshots.timerDue()).toBe(true);
    await snapshots.take();
    const wait = 10 / SNAPSHOT_TIME_SHARE;
    clock.now += wait - 1;
    expect(snapshots.timerDue()).toBe(false);
    clock.now += 1;
    expect(snapshots.timerDue()).toBe(true);
    snapshots.restartTimer();
    expect(snapshots.timerDue()).toBe(false);
    clock.now += wait;
    expect(snapshots.timerDue()).toBe(true);
  });

  it('hands the last snapshot over again with changes only if it is at the step given', async () => {
    const { handed, snapshots, setStep } = setUp(1);
    setStep(5);
    await snapshots.take();
    snapshots.reissue(6, () => ({ epoch: 2 }));
    expect(handed).toHaveLength(1);
    snapshots.reissue(5, () => ({ epoch: 2, batch: 0 }));
    expect(handed).toHaveLength(2);
    expect(handed[1]).toEqual({ ...handed[0]!, epoch: 2, batch: 0 });
    expect(snapshots.last).toBe(handed[1]);
  });

  it('is disabled without a listener, and starts from the snapshot resumed from', () => {
    expect(setUp(1, false).snapshots.enabled).toBe(false);
    const from = { ...position(3), values: new Float32Array(3) };
    const snapshots = createSnapshotter({ state: () => tf.tensor1d([0]), position: () => position(3), guard: (r) => r, onSnapshot: () => {}, from });
    expect(snapshots.enabled).toBe(true);
    expect(snapshots.last).toBe(from);
  });
});
