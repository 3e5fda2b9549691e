import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultExperiment, type ExperimentConfig } from '../engine/config';
import { mlp } from '../engine/testing/mlp';
import { syntheticImageSet } from '../engine/testing/syntheticData';
import { raceBackends } from './backendRace';

beforeAll(() => tf.setBackend('cpu'));

const small = (batchSize: number): ExperimentConfig => ({
  ...defaultExperiment(),
  model: mlp([{ units: 16, batchNorm: true, bnPosition: 'before' }]),
  train: { ...defaultExperiment().train, batchSize },
});

describe('the race itself, on real tfjs (the cpu backend in Node)', () => {
  it('times the real training step of the model at its batch size, and leaves no tensor behind', async () => {
    const train = syntheticImageSet(200, 1);
    const before = tf.memory().numTensors;
    const [lap] = await raceBackends(['cpu'], small(16), train, 60);
    expect(lap?.name).toBe('cpu');
    expect(lap && 'samplesPerS' in lap ? lap.samplesPerS : 0).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('counts the samples of the steps it timed: a fake clock of 10 ms per reading gives exact figures', async () => {
    let t = 0;
    const clock = () => (t += 10);
    // One reading starts the lap, one ends each group of 4 steps: 4 steps × 8 samples in 10 ms.
    const [lap] = await raceBackends(['cpu'], small(8), syntheticImageSet(100, 2), 5, clock);
    expect(lap).toEqual({ name: 'cpu', samplesPerS: 3200 });
  });

  it('alternates timed rounds between the backends and keeps the fastest of each: a round slowed by other work does not decide', async () => {
    // Each round reads the clock twice (start, after its first 4 steps); the second entrant's last round is 4× slower.
    const steps = [10, 10, 10, 10, 10, 10, 10, 40];
    let t = 0;
    const clock = () => (t += steps.shift() ?? 10);
    const laps = await raceBackends(['cpu', 'cpu'], small(8), syntheticImageSet(100, 2), 5, clock);
    expect(laps).toEqual([
      { name: 'cpu', samplesPerS: 3200 },
      { name: 'cpu', samplesPerS: 3200 },
    ]);
  });

  it('a backend that cannot start loses its lap with the reason, and the others still race', async () => {
    const laps = await raceBackends(['webgpu', 'cpu'], small(8), syntheticImageSet(64, 3), 20);
    expect(laps[0]?.name).toBe('webgpu');
    expect(laps[0] && 'failure' in laps[0] ? laps[0].failure : '').not.toBe('');
    expect(laps[1] && 'samplesPerS' in laps[1] ? laps[1].samplesPerS : 0).toBeGreaterThan(0);
    expect(tf.getBackend()).toBe('cpu');
  });
});
