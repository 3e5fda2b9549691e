import { describe, expect, it } from 'vitest';
import type { Probe } from './probe';
import { createProbeScheduler } from './probeScheduler';

/** A scheduler whose probes each take `ms` (the first `firstMs`) and whose training clock reads `clock.elapsed`. */
function setUp({
  every = 10,
  maxTimeShare,
  quietThrough = 0,
  ms = 5,
  firstMs = ms,
}: {
  every?: number;
  maxTimeShare?: number;
  quietThrough?: number;
  ms?: number;
  firstMs?: number;
}) {
  const clock = { elapsed: 0 };
  const probed: number[] = [];
  let taken = 0;
  const take = async (step: number) => ({ step, ms: taken++ === 0 ? firstMs : ms }) as unknown as Probe;
  const scheduler = createProbeScheduler({
    options: { every, ...(maxTimeShare === undefined ? {} : { maxTimeShare }), onProbe: (p) => probed.push(p.step) },
    take,
    quietThrough,
    elapsed: () => clock.elapsed,
  });
  return { clock, probed, scheduler };
}

describe('createProbeScheduler', () => {
  it('is due every `every` steps, and never without options', () => {
    const { scheduler } = setUp({ every: 10 });
    expect([9, 10, 11, 20].map((s) => scheduler.isDue(s))).toEqual([false, true, false, true]);
    const none = createProbeScheduler({ options: undefined, take: null, quietThrough: 0, elapsed: () => 0 });
    expect(none.isDue(10)).toBe(false);
  });

  it('hands probes over, once per step, none up to a halt already probed, none without a way to take them', async () => {
    const { probed, scheduler } = setUp({ quietThrough: 20 });
    for (const s of [10, 20, 21, 21, 30]) await scheduler.probe(s);
    expect(probed).toEqual([21, 30]);
    const noTake = createProbeScheduler({ options: { every: 1, onProbe: () => expect.unreachable() }, take: null, quietThrough: 0, elapsed: () => 0 });
    await noTake.probe(1);
  });

  it('skips due probes while the probes after the first cost more than maxTimeShare of the training time', async () => {
    const { clock, probed, scheduler } = setUp({ every: 10, maxTimeShare: 0.1, ms: 5, firstMs: 500 });
    await scheduler.probe(0);
    // The first probe's 500 ms (compiling) does not count against the share.
    clock.elapsed = 500 + 10;
    expect(scheduler.isDue(10)).toBe(true);
    await scheduler.probe(10);
    // The training time leaves the probes' 505 ms out: 5 ms of later probes against 5 ms of training is over 10%.
    expect(scheduler.isDue(20)).toBe(false);
    clock.elapsed = 505 + 49;
    expect(scheduler.isDue(20)).toBe(false);
    clock.elapsed = 505 + 50;
    expect(scheduler.isDue(20)).toBe(true);
    expect(probed).toEqual([0, 10]);
  });
});
