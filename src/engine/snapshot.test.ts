import * as tf from '@tensorflow/tfjs-core';
import { mlp } from './testing/mlp';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultExperiment, type ExperimentConfig, type OptimizerKind } from './config';
import { disposeImageTensors, makeSplits, uploadImageSet, type ImageTensors } from './dataTensors';
import { createModel, disposeModel } from './model';
import { createOptimizer } from './optimizers';
import { RunControl, RunHaltedError } from './runControl';
import { restoreState, snapshotSize, type TrainSnapshot } from './snapshot';
import { syntheticImageSet } from './testing/syntheticData';
import { runExperiment, type EpochPoint, type TrainEvents, type TrainOutcome } from './train';

let train: ImageTensors;
let test: ImageTensors;

beforeAll(async () => {
  await tf.setBackend('cpu');
  // 100 rows for validation, 310 for training: 10 steps of 32 an epoch, the last one partial.
  train = uploadImageSet(syntheticImageSet(410, 1));
  test = uploadImageSet(syntheticImageSet(100, 2));
});
afterAll(() => {
  disposeImageTensors(train);
  disposeImageTensors(test);
});

function experiment(optimizer: OptimizerKind = 'adam', dropout = 0): ExperimentConfig {
  const base = defaultExperiment();
  return {
    model: mlp(
      [
        { units: 24, batchNorm: true, bnPosition: 'before', ...(dropout ? { dropout } : {}) },
        { units: 16, batchNorm: true, bnPosition: 'after' },
      ],
      { inputBatchNorm: true },
    ),
    train: { ...base.train, batchSize: 32, epochs: 3, optimizer, learningRate: optimizer === 'sgd' ? 0.1 : 1e-2, validation: { kind: 'holdout', size: 100 } },
  };
}

interface Trace {
  losses: number[];
  accuracies: number[];
  steps: number[];
  epochs: Array<Omit<EpochPoint, 'elapsedMs'>>;
  rates: Array<[number, number]>;
  snapshots: TrainSnapshot[];
}

interface Hooks {
  onSteps?(lastStep: number): void;
  onEpoch?(epoch: number): void;
  onPaused?(step: number): void;
}

/** Records everything a run reports; `hooks` see each delivery, epoch and pause, to halt it. */
function tracer(hooks: Hooks = {}): { trace: Trace; events: TrainEvents } {
  const trace: Trace = { losses: [], accuracies: [], steps: [], epochs: [], rates: [], snapshots: [] };
  return {
    trace,
    events: {
      onSteps(points, progress) {
        trace.losses.push(...points.loss);
        trace.accuracies.push(...points.accuracy);
        trace.steps.push(progress.step);
        hooks.onSteps?.(progress.step);
      },
      onEpoch({ elapsedMs: _, ...point }) {
        trace.epochs.push(point);
        hooks.onEpoch?.(point.epoch);
      },
      onLearningRate: (step, lr) => trace.rates.push([step, lr]),
      onPaused: (step) => hooks.onPaused?.(step),
      onResumed: () => {},
      onSnapshot: (s) => trace.snapshots.push(s),
    },
  };
}

/**
 * A RunControl that acts by step count rather than by time (deliveries are timed, so they are not
 * reproducible): `act(step)` runs just before step `step + 1` trains.
 */
class ScriptedControl extends RunControl {
  constructor(
    private step: number,
    private readonly act: (step: number, control: RunControl) => void,
  ) {
    super();
  }

  override checkpoint(): Promise<void> {
    this.act(this.step++, this);
    return super.checkpoint();
  }
}

const splitsFor = (config: ExperimentConfig) => makeSplits(train, test, config.train);

/** Halves the learning rate before step 8, so snapshots must carry a changed rate too. */
const lrScript = (config: ExperimentConfig) => (step: number, control: RunControl) => {
  if (step === 7) control.setLearningRate(config.train.learningRate / 2);
};

const references = new Map<string, Promise<{ trace: Trace; outcome: TrainOutcome }>>();

/** The run never halted (computed once per configuration). */
function uninterrupted(config: ExperimentConfig) {
  const key = JSON.stringify(config);
  let reference = references.get(key);
  if (!reference) {
    const { trace, events } = tracer();
    reference = runExperiment(config, splitsFor(config), new ScriptedControl(0, lrScript(config)), events).then((outcome) => ({ trace, outcome }));
    references.set(key, reference);
  }
  return reference;
}

/** Where to halt: before step `beforeStep + 1` (a pause delivers, then the halt), or by a hook. */
type HaltAt = { beforeStep: number } | ((control: RunControl) => Hooks);

/**
 * The same run halted where `at` says, then continued from its last snapshot in a fresh model
 * and optimizer. Returns both halves' traces, the snapshot and the final outcome.
 */
async function haltedAndContinued(config: ExperimentConfig, at: HaltAt, pick: (snapshots: TrainSnapshot[]) => TrainSnapshot | null = (all) => all.at(-1)!) {
  const lr = lrScript(config);
  const control = new ScriptedControl(0, (step, c) => {
    lr(step, c);
    if (typeof at !== 'function' && step === at.beforeStep) c.pause();
  });
  const { trace: before, events } = tracer(typeof at === 'function' ? at(control) : { onPaused: () => control.halt() });
  await expect(runExperiment(config, splitsFor(config), control, events)).rejects.toBeInstanceOf(RunHaltedError);
  const snapshot = pick(before.snapshots);
  const { trace: after, events: afterEvents } = tracer();
  const resume = { snapshot, deliveredStep: before.losses.length, deliveredMs: 0 };
  const outcome = await runExperiment(config, splitsFor(config), new ScriptedControl(snapshot?.step ?? 0, lr), afterEvents, resume);
  return { before, after, snapshot, outcome };
}

const withoutTime = (o: TrainOutcome) => ({ ...o, elapsedMs: 0 });

describe('snapshots: a halted run continues exactly where it was', () => {
  const cases: Array<[string, OptimizerKind, HaltAt, number?]> = [
    ['mid-epoch (Adam)', 'adam', { beforeStep: 13 }],
    // Dropout's masks continue from the snapshot's stream position.
    ['mid-epoch, dropout 0.3 before the second BatchNorm (Adam)', 'adam', { beforeStep: 13 }, 0.3],
    ['mid-epoch (momentum)', 'momentum', { beforeStep: 17 }],
    ['mid-epoch, before the learning rate changes (SGD)', 'sgd', { beforeStep: 5 }],
    // Every epoch's last step is delivered before its validation: step 10 here.
    ['at an epoch end, before its validation', 'adam', (c) => ({ onSteps: (s) => s === 10 && c.halt() })],
    ['right after a validation', 'adam', (c) => ({ onEpoch: (e) => e === 2 && c.halt() })],
  ];

  it.each(cases)('%s: losses, validation and test are bit-identical to an uninterrupted run, and no tensor leaks', async (_, optimizer, at, dropout = 0) => {
    const config = experiment(optimizer, dropout);
    const reference = await uninterrupted(config);
    expect(reference.outcome.status).toBe('completed');
    expect(reference.trace.rates).toEqual([[7, config.train.learningRate / 2]]);

    const tensorsBefore = tf.memory().numTensors;
    const { before, after, snapshot, outcome } = await haltedAndContinued(config, at);
    expect(tf.memory().numTensors).toBe(tensorsBefore);

    // Pauses, epoch ends and validations always take a snapshot: it covers all that was delivered.
    expect(snapshot!.step).toBe(before.losses.length);
    expect(after.steps[0]!).toBeGreaterThan(snapshot!.step);
    expect([...before.losses, ...after.losses]).toEqual(reference.trace.losses);
    expect([...before.accuracies, ...after.accuracies]).toEqual(reference.trace.accuracies);
    expect([...before.epochs, ...after.epochs]).toEqual(reference.trace.epochs);
    expect([...before.rates, ...after.rates]).toEqual(reference.trace.rates);
    expect(withoutTime(outcome)).toEqual(withoutTime(reference.outcome));
  });

  it('keeps the training time: the continued run starts from the snapshot’s elapsed time', async () => {
    const config = experiment();
    const { snapshot, outcome } = await haltedAndContinued(config, { beforeStep: 13 });
    expect(outcome.status).toBe('completed');
    expect(outcome.elapsedMs).toBeGreaterThan(snapshot!.elapsedMs);
  });

  it('from an older snapshot, trains the steps already delivered again without reporting them: every step once, bit-identical', async () => {
    const config = experiment();
    const reference = await uninterrupted(config);
    const tensorsBefore = tf.memory().numTensors;
    // The snapshot of epoch 1's end (step 10), while steps up to 16 had been delivered.
    const older = (all: TrainSnapshot[]) => all.find((s) => s.step === 10 && s.batch === 10)!;
    const { before, after, snapshot, outcome } = await haltedAndContinued(config, { beforeStep: 16 }, older);
    expect(snapshot!.step).toBe(10);
    expect(before.losses).toHaveLength(16);
    expect(after.steps[0]).toBeGreaterThan(16);
    expect([...before.losses, ...after.losses]).toEqual(reference.trace.losses);
    expect([...before.epochs, ...after.epochs]).toEqual(reference.trace.epochs);
    expect(withoutTime(outcome)).toEqual(withoutTime(reference.outcome));
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it('halted before its first snapshot, starts again from its seed, reporting only steps not yet delivered', async () => {
    const config = experiment();
    const reference = await uninterrupted(config);
    const { before, after, outcome } = await haltedAndContinued(config, { beforeStep: 4 }, () => null);
    expect([...before.losses, ...after.losses]).toEqual(reference.trace.losses);
    expect(withoutTime(outcome)).toEqual(withoutTime(reference.outcome));
  });

  it('halts at once, even while waiting in a pause', async () => {
    const config = experiment();
    const control = new ScriptedControl(0, (step, c) => step === 5 && c.pause());
    const { trace, events } = tracer({ onPaused: () => setTimeout(() => control.halt(), 30) });
    await expect(runExperiment(config, splitsFor(config), control, events)).rejects.toBeInstanceOf(RunHaltedError);
    expect(trace.snapshots.at(-1)!.step).toBe(5);
    // The clock goes on from what was shown, not from the (older) snapshot.
    const resume = { snapshot: trace.snapshots.at(-1)!, deliveredStep: 5, deliveredMs: 60_000 };
    const { trace: after, events: afterEvents } = tracer();
    const times: number[] = [];
    const outcome = await runExperiment(
      config,
      splitsFor(config),
      new RunControl(),
      { ...afterEvents, onSteps: (_points, progress) => times.push(progress.elapsedMs) },
      resume,
    );
    expect(Math.min(...times)).toBeGreaterThan(60_000);
    expect(outcome.elapsedMs).toBeGreaterThan(60_000);
    expect(after.epochs).toHaveLength(3);
    expect(trace.losses).toHaveLength(5);
  });

  it('refuses a snapshot of another model, and one of other training data', async () => {
    const config = experiment();
    const { trace, events } = tracer();
    const control = new RunControl();
    const tensorsBefore = tf.memory().numTensors;
    await runExperiment(config, splitsFor(config), control, events);
    const snapshot = trace.snapshots[3]!;

    const other = createModel(mlp([{ units: 8, batchNorm: false, bnPosition: 'before' }]), 1);
    const optimizer = createOptimizer('adam', 1e-3);
    expect(() => restoreState(other, optimizer, snapshot)).toThrow(/holds \d+ values; this model and optimizer need \d+/);
    disposeModel(other);
    optimizer.dispose();

    const fewer = { ...config, train: { ...config.train, trainLimit: 300 } };
    const resume = { snapshot, deliveredStep: snapshot.step, deliveredMs: 0 };
    await expect(runExperiment(fewer, splitsFor(fewer), new RunControl(), tracer().events, resume)).rejects.toThrow(/other training data/);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it('holds every variable and optimizer slot: Adam keeps three floats per weight', () => {
    const config = experiment();
    const net = createModel(config.model, 1);
    const adam = createOptimizer('adam', 1e-3);
    const sgd = createOptimizer('sgd', 1e-3);
    const trainable = 784 * 24 + 24 + 24 * 16 + 16 + 16 * 10 + 10 + 2 * (784 + 24 + 16);
    const movingStats = 2 * (784 + 24 + 16);
    expect(snapshotSize(net, sgd)).toBe(trainable + movingStats);
    expect(snapshotSize(net, adam)).toBe(3 * trainable + movingStats);
    disposeModel(net);
    adam.dispose();
    sgd.dispose();
  });
});
