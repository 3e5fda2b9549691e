import { describe, expect, it } from 'vitest';
import type { MetricsBuffer, MetricsGroup } from './metricsBuffer';
import type { TrainSnapshot } from './snapshot';
import type { Snapshotter } from './snapshotter';
import { createStepDelivery } from './stepDelivery';

/** A delivery over a fake buffer holding `groups` (read in turn) and a fake snapshotter; `log` records what it hands over, in order. */
function setUp({ groups = [] as MetricsGroup[], timerDue = false, quietThrough = 0, enabled = true, lastStep = -1 } = {}) {
  const log: string[] = [];
  let step = 0;
  const buffer = {
    get size() {
      return groups.length;
    },
    read: async (last: number) => (log.push(`read ${last}`), groups.shift()!),
  } as unknown as MetricsBuffer;
  const snapshots = {
    enabled,
    get last() {
      return { step: lastStep } as TrainSnapshot;
    },
    timerDue: () => timerDue,
    take: async () => void log.push(`snapshot ${step}`),
  } as unknown as Snapshotter;
  const delivery = createStepDelivery({
    buffer,
    snapshots,
    events: {
      onSteps: (p, progress) => log.push(`steps ${p.firstStep}+${p.loss.length} at ${progress.step}`),
      onLearningRate: (s, lr) => log.push(`lr ${lr} at ${s}`),
    },
    quietThrough,
    step: () => step,
    progress: (atStep) => ({ step: atStep, totalSteps: 100, epoch: 1, samplesSeen: 0, elapsedMs: 0 }),
    elapsed: () => 42,
  });
  return { log, delivery, setStep: (s: number) => (step = s) };
}

const group = (first: number, n: number, diverged: MetricsGroup['diverged'] = null): MetricsGroup => ({
  first,
  loss: new Float32Array(n).fill(2),
  accuracy: new Float32Array(n),
  diverged,
});

describe('createStepDelivery', () => {
  it('delivers steps without a snapshot until the timer says so', async () => {
    const { log, delivery, setStep } = setUp({ groups: [group(1, 3)] });
    setStep(3);
    expect(await delivery.deliver()).toBeNull();
    expect(log).toEqual(['read 3', 'steps 1+3 at 3']);
  });

  it('hands over the snapshot, then the learning-rate marks, then the steps; a new learning rate forces the snapshot', async () => {
    const { log, delivery, setStep } = setUp({ groups: [group(1, 4)] });
    delivery.noteLearningRate(2, 0.5);
    setStep(4);
    await delivery.deliver();
    expect(log).toEqual(['read 4', 'snapshot 4', 'lr 0.5 at 2', 'steps 1+4 at 4']);
  });

  it('always snapshots at epoch ends and pauses (once per step, even with no step waiting), never when the run stops', async () => {
    const a = setUp({ groups: [group(1, 2)] });
    a.setStep(2);
    await a.delivery.deliverWithSnapshot();
    await a.delivery.deliverWithSnapshot();
    expect(a.log).toEqual(['read 2', 'snapshot 2', 'steps 1+2 at 2', 'snapshot 2']);
    const b = setUp({ lastStep: 2 });
    b.setStep(2);
    await b.delivery.deliverWithSnapshot();
    expect(b.log).toEqual([]);
    const c = setUp({ groups: [group(1, 2)], timerDue: true });
    c.delivery.noteLearningRate(1, 0.1);
    c.setStep(2);
    await c.delivery.deliverLast();
    expect(c.log).toEqual(['read 2', 'lr 0.1 at 1', 'steps 1+2 at 2']);
  });

  it('takes no snapshot when disabled', async () => {
    const { log, delivery, setStep } = setUp({ groups: [group(1, 1)], enabled: false, timerDue: true });
    setStep(1);
    await delivery.deliverWithSnapshot();
    expect(log).toEqual(['read 1', 'steps 1+1 at 1']);
  });

  it('leaves out steps delivered before a halt', async () => {
    const { log, delivery, setStep } = setUp({ groups: [group(1, 5), group(6, 2)], quietThrough: 6 });
    setStep(5);
    await delivery.deliver();
    setStep(7);
    await delivery.deliver();
    expect(log).toEqual(['read 5', 'read 7', 'steps 7+1 at 7']);
  });

  it('returns the diverged outcome with the steps up to it and the marks, and no snapshot', async () => {
    const { log, delivery, setStep } = setUp({ groups: [group(1, 2, { step: 3, reason: 'nonFinite', loss: Number.NaN })], timerDue: true });
    delivery.noteLearningRate(1, 0.3);
    setStep(4);
    expect(await delivery.deliver()).toEqual({ status: 'diverged', step: 3, elapsedMs: 42, reason: 'nonFinite', loss: Number.NaN });
    expect(log).toEqual(['read 4', 'lr 0.3 at 1', 'steps 1+2 at 2']);
  });
});
