import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { defaultExperiment, type ExperimentConfig } from './config';
import { makeSplits } from './dataTensors';
import type { LandscapeOptions } from './landscape';
import type { Probe } from './probe';
import { landscapeInterval, LANDSCAPE_MIN_INTERVAL, MAX_LANDSCAPES_PER_RUN } from './probeTaker';
import { RunControl } from './runControl';
import { mlp } from './testing/mlp';
import { runExperiment, type TrainEvents } from './train';
import { useSyntheticOnCpu } from './testing/syntheticOnCpu';

const images = useSyntheticOnCpu(300);

/** 300 images at batch 32: 10 steps an epoch, 20 in all. */
function experiment(): ExperimentConfig {
  const base = defaultExperiment();
  return {
    model: mlp([
      { units: 16, batchNorm: true, bnPosition: 'before' },
      { units: 8, batchNorm: true, bnPosition: 'before', dropout: 0.2 },
    ]),
    train: { ...base.train, batchSize: 32, epochs: 2, learningRate: 1e-2, trainLimit: 300 },
  };
}

/** Trains the experiment, probing every 2 steps with `landscape` if given (no probes at all when `probes` is null). */
async function trainWith(probes: Probe[] | null, landscape?: LandscapeOptions) {
  const config = experiment();
  const losses: number[] = [];
  const events: TrainEvents = {
    onSteps: (p) => void losses.push(...p.loss),
    onEpoch: () => {},
    onLearningRate: () => {},
    onPaused: () => {},
    onResumed: () => {},
    ...(probes ? { probes: { every: 2, onProbe: (p: Probe) => probes.push(p), ...(landscape ? { landscape } : {}) } } : {}),
  };
  const outcome = await runExperiment(config, makeSplits(images.train, images.test, config.train), new RunControl(), events);
  return { outcome, losses };
}

const landscapeSteps = (probes: Probe[]) => probes.filter((p) => p.landscape).map((p) => p.step);

describe('probes with the loss landscape', () => {
  it('measures it at the first probe, at probes at least `every` steps apart and after the last step, and trains exactly as without probes', async () => {
    await trainWith([], { every: 6 }); // warm-up: kernels and gradients registered
    const tensors = tf.memory().numTensors;
    const probes: Probe[] = [];
    const measured = await trainWith(probes, { every: 6 });
    expect(tf.memory().numTensors).toBe(tensors);
    const plain = await trainWith(null);
    expect(probes.map((p) => p.step)).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20]);
    expect(landscapeSteps(probes)).toEqual([0, 6, 12, 18, 20]);
    // Bit for bit: neither the probes nor the moved weights touched the model.
    expect(measured.losses).toEqual(plain.losses);
    expect(measured.outcome).toMatchObject({ status: 'completed' });
    if (measured.outcome.status === 'completed' && plain.outcome.status === 'completed') expect(measured.outcome.test).toEqual(plain.outcome.test);
    const first = probes[0]!.landscape!;
    expect(first.losses).toHaveLength(first.stepSizes.length);
    expect(first.ms).toBeGreaterThan(0);
    // The network learns: the landscape batch's loss falls.
    expect(probes.at(-1)!.landscape!.loss).toBeLessThan(first.loss);
  });

  it('skips due measurements while those after the first have taken more than their share of the time', async () => {
    const stingy: Probe[] = [];
    await trainWith(stingy, { every: 2, maxTimeShare: 1e-9 });
    // The first is not counted (it also compiles); the second costs time, and from then on every due one is over budget, the one after the last step too.
    expect(landscapeSteps(stingy)).toEqual([0, 2]);
    const generous: Probe[] = [];
    await trainWith(generous, { every: 2, maxTimeShare: 1e9 });
    expect(landscapeSteps(generous)).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20]);
  });

  it('measures none when the run does not ask', async () => {
    const probes: Probe[] = [];
    await trainWith(probes);
    expect(landscapeSteps(probes)).toEqual([]);
  });

  it('spaces measurements at least LANDSCAPE_MIN_INTERVAL steps apart, at most MAX_LANDSCAPES_PER_RUN a run', () => {
    expect(landscapeInterval(20)).toBe(LANDSCAPE_MIN_INTERVAL);
    expect(landscapeInterval(18_750)).toBe(Math.ceil(18_750 / MAX_LANDSCAPES_PER_RUN));
  });
});
