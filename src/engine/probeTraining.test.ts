import { mlp } from './testing/mlp';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { defaultExperiment, type ExperimentConfig } from './config';
import { makeSplits } from './dataTensors';
import type { Probe } from './probe';
import { RunControl } from './runControl';
import { runExperiment, type TrainEvents } from './train';
import { useSyntheticOnCpu } from './testing/syntheticOnCpu';

const images = useSyntheticOnCpu(300);

function experiment(): ExperimentConfig {
  const base = defaultExperiment();
  return {
    model: mlp([
      { units: 16, batchNorm: true, bnPosition: 'before' },
      { units: 8, batchNorm: false, bnPosition: 'before' },
    ]),
    train: { ...base.train, batchSize: 32, epochs: 2, learningRate: 1e-2, trainLimit: 300 },
  };
}

async function trainWith(probes: Probe[] | null, control = new RunControl(), onStep?: (step: number) => void, maxTimeShare?: number) {
  const config = experiment();
  const losses: number[] = [];
  const events: TrainEvents = {
    onSteps: (p, progress) => {
      losses.push(...p.loss);
      onStep?.(progress.step);
    },
    onEpoch: () => {},
    onLearningRate: () => {},
    onPaused: () => {},
    onResumed: () => {},
    ...(probes ? { probes: { every: 4, onProbe: (p: Probe) => probes.push(p), ...(maxTimeShare === undefined ? {} : { maxTimeShare }) } } : {}),
  };
  const outcome = await runExperiment(config, makeSplits(images.train, images.test, config.train), control, events);
  return { outcome, losses };
}

describe('training with probes', () => {
  it('probes before the first step, every N steps and after the last, and trains exactly as without them', async () => {
    const probes: Probe[] = [];
    const withProbes = await trainWith(probes);
    const without = await trainWith(null);
    expect(withProbes.outcome.status).toBe('completed');
    // 300 images at batch 32: 10 steps an epoch, 20 in all.
    expect(probes.map((p) => p.step)).toEqual([0, 4, 8, 12, 16, 20]);
    // Bit for bit: probing changed neither weights nor moving statistics.
    expect(withProbes.losses).toEqual(without.losses);
    if (withProbes.outcome.status === 'completed' && without.outcome.status === 'completed') {
      expect(withProbes.outcome.test).toEqual(without.outcome.test);
    }
    const [first, last] = [probes[0]!, probes.at(-1)!];
    expect(first.layers).toHaveLength(2);
    expect(first.layers[0]!.bn).not.toBeNull();
    expect(first.layers[1]!.bn).toBeNull();
    // Moving statistics start at 0 and 1 and move with training.
    expect(Array.from(first.layers[0]!.bn!.movingMean).every((v) => v === 0)).toBe(true);
    expect(Array.from(last.layers[0]!.bn!.movingMean).some((v) => v !== 0)).toBe(true);
    expect(last.infer.accuracy).toBeGreaterThan(first.infer.accuracy);
  });

  it('skips due probes while the later probes have taken more than their share of training time, never the first or the last', async () => {
    const probes: Probe[] = [];
    await trainWith(probes, new RunControl(), undefined, 1e-9);
    // After the probe at step 4 any time at all is over budget: only the last follows.
    expect(probes.map((p) => p.step)).toEqual([0, 4, 20]);
    const generous: Probe[] = [];
    await trainWith(generous, new RunControl(), undefined, 1e9);
    expect(generous.map((p) => p.step)).toEqual([0, 4, 8, 12, 16, 20]);
  });

  it('a stopped run is probed where it stopped', async () => {
    const probes: Probe[] = [];
    const control = new RunControl();
    const { outcome } = await trainWith(probes, control, (step) => {
      if (step >= 6) control.stop();
    });
    expect(outcome.status).toBe('stopped');
    const steps = probes.map((p) => p.step);
    expect(steps.slice(0, 2)).toEqual([0, 4]);
    expect(steps.at(-1)).toBe(outcome.status === 'stopped' ? outcome.steps : -1);
  });
});
