import * as tf from '@tensorflow/tfjs-core';
import { mlp } from './testing/mlp';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultExperiment, type ExperimentConfig } from './config';
import { disposeImageTensors, makeSplits, uploadImageSet, type ImageTensors } from './dataTensors';
import { RunControl } from './runControl';
import { syntheticImageSet } from './testing/syntheticData';
import { runExperiment, type EpochPoint, type StepPoints, type TrainEvents } from './train';

let train: ImageTensors;
let test: ImageTensors;

beforeAll(async () => {
  await tf.setBackend('cpu');
  train = uploadImageSet(syntheticImageSet(640, 1));
  test = uploadImageSet(syntheticImageSet(200, 2));
});
afterAll(() => {
  disposeImageTensors(train);
  disposeImageTensors(test);
});

function smallExperiment(overrides: Partial<ExperimentConfig['train']> = {}): ExperimentConfig {
  const base = defaultExperiment();
  return {
    model: mlp([
      { units: 32, batchNorm: true, bnPosition: 'before' },
      { units: 16, batchNorm: true, bnPosition: 'before' },
    ]),
    train: { ...base.train, batchSize: 32, epochs: 3, learningRate: 1e-2, ...overrides },
  };
}

interface Recorded {
  losses: number[];
  accuracies: number[];
  firstSteps: number[];
  epochs: EpochPoint[];
  tensorsAtEpoch: number[];
  lrChanges: Array<[number, number]>;
  /** [step reported by onPaused, steps delivered by then] */
  pauses: Array<[number, number]>;
  resumes: number;
}

function recorder(onStep?: (step: number) => void): { rec: Recorded; events: TrainEvents } {
  const rec: Recorded = { losses: [], accuracies: [], firstSteps: [], epochs: [], tensorsAtEpoch: [], lrChanges: [], pauses: [], resumes: 0 };
  return {
    rec,
    events: {
      onSteps(points: StepPoints) {
        rec.firstSteps.push(points.firstStep);
        rec.losses.push(...points.loss);
        rec.accuracies.push(...points.accuracy);
        onStep?.(points.firstStep + points.loss.length - 1);
      },
      onEpoch(point) {
        rec.epochs.push(point);
        rec.tensorsAtEpoch.push(tf.memory().numTensors);
      },
      onLearningRate(step, lr) {
        rec.lrChanges.push([step, lr]);
      },
      onPaused(step) {
        rec.pauses.push([step, rec.losses.length]);
      },
      onResumed() {
        rec.resumes += 1;
      },
    },
  };
}

describe('runExperiment', () => {
  it('learns a small synthetic set: loss falls, every step is reported once, in order', async () => {
    const config = smallExperiment();
    const { rec, events } = recorder();
    const outcome = await runExperiment(config, makeSplits(train, test, config.train), new RunControl(), events);
    expect(outcome.status).toBe('completed');
    const perEpoch = 640 / 32;
    expect(rec.losses).toHaveLength(perEpoch * 3);
    expect(rec.firstSteps[0]).toBe(1);
    const head = rec.losses.slice(0, 5).reduce((a, b) => a + b) / 5;
    const tail = rec.losses.slice(-5).reduce((a, b) => a + b) / 5;
    expect(tail).toBeLessThan(head * 0.5);
    expect(rec.epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(rec.epochs.map((e) => e.step)).toEqual([20, 40, 60]);
    expect(rec.epochs[2]!.accuracy).toBeGreaterThan(0.9);
    if (outcome.status === 'completed') expect(outcome.test.accuracy).toBeGreaterThan(0.9);
  });

  it('leaks no tensors: the count is flat across epochs and back to the start afterwards', async () => {
    const before = tf.memory().numTensors;
    const config = smallExperiment({ epochs: 4 });
    const { rec, events } = recorder();
    await runExperiment(config, makeSplits(train, test, config.train), new RunControl(), events);
    expect(new Set(rec.tensorsAtEpoch).size).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is reproducible: the same seed gives bit-identical losses, another seed does not', async () => {
    const run = async (seed: number) => {
      const config = smallExperiment({ seed, epochs: 1 });
      const { rec, events } = recorder();
      await runExperiment(config, makeSplits(train, test, config.train), new RunControl(), events);
      return rec.losses;
    };
    const a = await run(5);
    const b = await run(5);
    const c = await run(6);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('includes the last partial batch, as Keras does', async () => {
    const config = smallExperiment({ epochs: 1, batchSize: 100 });
    const { rec, events } = recorder();
    await runExperiment(config, makeSplits(train, test, config.train), new RunControl(), events);
    expect(rec.losses).toHaveLength(7);
  });

  it('stops within a step when asked, and frees everything', async () => {
    const before = tf.memory().numTensors;
    const control = new RunControl();
    const config = smallExperiment({ epochs: 50 });
    let stopAsked = 0;
    const { rec, events } = recorder((step) => {
      if (step >= 30 && !stopAsked) {
        stopAsked = step;
        control.stop();
      }
    });
    const outcome = await runExperiment(config, makeSplits(train, test, config.train), control, events);
    expect(outcome.status).toBe('stopped');
    if (outcome.status === 'stopped') expect(outcome.steps).toBeLessThanOrEqual(stopAsked + 1);
    expect(rec.losses.length).toBeLessThanOrEqual(stopAsked + 1);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('pauses and resumes without losing or repeating steps', async () => {
    const control = new RunControl();
    const config = smallExperiment({ epochs: 2 });
    let pausedAt = -1;
    const { rec, events } = recorder((step) => {
      if (pausedAt < 0 && step >= 10) {
        pausedAt = step;
        control.pause();
        setTimeout(() => {
          // Nothing trains while paused.
          expect(rec.losses.length).toBeLessThanOrEqual(pausedAt + 1);
          control.resume();
        }, 150);
      }
    });
    const outcome = await runExperiment(config, makeSplits(train, test, config.train), control, events);
    expect(outcome.status).toBe('completed');
    expect(rec.losses).toHaveLength(40);
    // Halting delivers every step trained so far, then says where it halted.
    expect(rec.pauses).toHaveLength(1);
    expect(rec.pauses[0]![0]).toBe(rec.pauses[0]![1]);
    expect(rec.resumes).toBe(1);
    if (outcome.status === 'completed') expect(outcome.elapsedMs).toBeGreaterThan(0);
  });

  it('applies a new learning rate at the next step and reports where', async () => {
    const control = new RunControl();
    // Two epochs: on a quick machine the first delivery of steps may come only at the first epoch's end.
    const config = smallExperiment({ epochs: 2 });
    let asked = false;
    const { rec, events } = recorder((step) => {
      if (!asked && step >= 5) {
        asked = true;
        control.setLearningRate(0.05);
      }
    });
    await runExperiment(config, makeSplits(train, test, config.train), control, events);
    expect(rec.lrChanges).toHaveLength(1);
    expect(rec.lrChanges[0]![1]).toBe(0.05);
    expect(rec.lrChanges[0]![0]).toBeGreaterThanOrEqual(5);
  });

  it('stops a diverging run when its loss blows up and says which step', async () => {
    const before = tf.memory().numTensors;
    const config = smallExperiment({ optimizer: 'sgd', learningRate: 1e6, epochs: 3 });
    config.model = mlp([
      { units: 32, batchNorm: false, bnPosition: 'before' },
      { units: 16, batchNorm: false, bnPosition: 'before' },
    ]);
    const { rec, events } = recorder();
    const outcome = await runExperiment(config, makeSplits(train, test, config.train), new RunControl(), events);
    expect(outcome.status).toBe('diverged');
    if (outcome.status === 'diverged') {
      // A NaN step is not drawn; an exploded (finite) one is.
      expect(rec.losses).toHaveLength(outcome.reason === 'nonFinite' ? outcome.step - 1 : outcome.step);
      expect(rec.losses.every(Number.isFinite)).toBe(true);
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
