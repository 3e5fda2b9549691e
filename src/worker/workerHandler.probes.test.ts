import * as tf from '@tensorflow/tfjs-core';
import { mlp } from '../engine/testing/mlp';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import type { DatasetImages } from '../data/loadDataset';
import { defaultExperiment, type ExperimentConfig } from '../engine/config';
import { PROBE_MIN_INTERVAL } from '../engine/probe';
import { LANDSCAPE_MIN_INTERVAL } from '../engine/probeTaker';
import { syntheticImageSet } from '../engine/testing/syntheticData';
import { cpuHandler } from './testing/cpuHandler';

function setup() {
  const data: DatasetImages = { train: syntheticImageSet(640, 1), test: syntheticImageSet(200, 2) };
  return cpuHandler(async () => data);
}

/** 640 images at batch 8: 80 steps an epoch, 160 in all. */
const small = (batchNorm = true): ExperimentConfig => {
  const c = defaultExperiment();
  c.model = {
    ...c.model,
    ...mlp([
      { units: 16, batchNorm, bnPosition: 'before' },
      { units: 8, batchNorm, bnPosition: 'before' },
    ]),
  };
  c.train = { ...c.train, epochs: 2, batchSize: 8, learningRate: 1e-2 };
  return c;
};

describe('worker handler: probes and the training/inference mode demonstration', () => {
  it('streams a probe per run before the first step, every N steps and after the last, arrays transferred', async () => {
    const { handle, all, events, transfers } = setup();
    await handle({ type: 'loadData', baseUrl: 'http://x/' });
    await Promise.all([handle({ type: 'train', runId: 'a', config: small(true) }), handle({ type: 'train', runId: 'b', config: small(false) })]);
    const steps = (runId: string) =>
      all('probe')
        .filter((e) => e.runId === runId)
        .map((e) => e.probe.step);
    for (const runId of ['a', 'b']) {
      // The first two and the last always; those between unless probes took over PROBE_TIME_SHARE of the time.
      const s = steps(runId);
      expect(s.slice(0, 2)).toEqual([0, PROBE_MIN_INTERVAL]);
      expect(s.at(-1)).toBe(160);
      expect(s.slice(0, -1).every((step, i) => step % PROBE_MIN_INTERVAL === 0 && (i === 0 || step > s[i - 1]!))).toBe(true);
    }
    const probe = all('probe').find((e) => e.runId === 'a')!;
    expect(probe.probe.layers.map((l) => l.bn !== null)).toEqual([true, true]);
    expect(probe.probe.batchSize).toBe(128);
    // Every typed array of a probe travels as a transferred buffer.
    const at = events.indexOf(probe);
    expect(transfers[at]).toHaveLength(2 * (1 + 8));
    expect(
      all('probe')
        .find((e) => e.runId === 'b')!
        .probe.layers.every((l) => l.bn === null),
    ).toBe(true);
  });

  it('measures the loss landscape at some probes of a run that asks, and of no other', async () => {
    const { handle, all } = setup();
    await handle({ type: 'loadData', baseUrl: 'http://x/' });
    await Promise.all([
      handle({ type: 'train', runId: 'a', config: small(true), landscape: true }),
      handle({ type: 'train', runId: 'b', config: small(false) }),
    ]);
    const measured = (runId: string) =>
      all('probe')
        .filter((e) => e.runId === runId && e.probe.landscape)
        .map((e) => e.probe.step);
    // The first probe always; then, as the time allows, probes LANDSCAPE_MIN_INTERVAL steps apart or after the last step.
    const steps = measured('a');
    expect(steps[0]).toBe(0);
    expect(steps.every((s, i) => i === 0 || s === 160 || s - steps[i - 1]! >= LANDSCAPE_MIN_INTERVAL)).toBe(true);
    expect(measured('b')).toEqual([]);
    const last = all('probe').find((e) => e.runId === 'a' && e.probe.step === steps.at(-1))!.probe.landscape!;
    expect(last.losses).toHaveLength(last.stepSizes.length);
    expect(Number.isFinite(last.lossRange)).toBe(true);
  });

  it('scores a finished run’s model in both modes and answers the request by id, tensors flat', async () => {
    const { handle, all } = setup();
    await handle({ type: 'loadData', baseUrl: 'http://x/' });
    await handle({ type: 'train', runId: 'r', config: small(true) });
    await handle({ type: 'modeDemo', requestId: 3, runId: 'r', digit: 7 }); // warm-up
    const tensors = tf.memory().numTensors;
    await handle({ type: 'modeDemo', requestId: 4, runId: 'r', digit: 7 });
    expect(tf.memory().numTensors).toBe(tensors);
    const answer = all('modeDemoResult').at(-1)!;
    expect(answer.requestId).toBe(4);
    expect(answer.runId).toBe('r');
    // The synthetic test set labels image i as i % 10: 20 sevens among 200.
    expect(answer.result.oneClass.count).toBe(20);
    expect(answer.result.oneClass.infer.accuracy).toBeGreaterThan(answer.result.oneClass.train.accuracy);
  });

  it('says plainly when a run has no model in memory or the class is wrong', async () => {
    const { handle, all } = setup();
    await handle({ type: 'loadData', baseUrl: 'http://x/' });
    await handle({ type: 'modeDemo', requestId: 1, runId: 'nope', digit: 3 });
    expect(all('modeDemoError').at(-1)).toMatchObject({ requestId: 1, runId: 'nope', message: expect.stringMatching(/not in memory/) });
    await handle({ type: 'train', runId: 'r', config: small(true) });
    await handle({ type: 'modeDemo', requestId: 2, runId: 'r', digit: 12 });
    expect(all('modeDemoError').at(-1)).toMatchObject({ requestId: 2, message: 'The class must be a whole number from 0 to 9.' });
  });
});
