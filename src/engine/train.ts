import type { ExperimentConfig, TrainConfig } from './config';
import type { Splits } from './dataTensors';
import { createDivergenceCheck, initialDivergenceState } from './divergence';
import { evaluate } from './evaluate';
import { createMetricsBuffer, type MetricsBuffer } from './metricsBuffer';
import { createModel, disposeModel, type Model } from './model';
import { createOptimizer, type Optimizer } from './optimizers';
import { createProbeScheduler, type ProbeScheduler } from './probeScheduler';
import { createProbeTaker } from './probeTaker';
import { createRng, deriveSeed, shuffledIndices, type Rng } from './rng';
import { RunHaltedError, type RunControl } from './runControl';
import { restoreState, stateTensor, type Resume, type TrainSnapshot } from './snapshot';
import { createSnapshotter, type Snapshotter } from './snapshotter';
import { createStepDelivery, type StepDelivery } from './stepDelivery';
import type { Progress, TrainEvents, TrainOutcome } from './trainEvents';
import { DROPOUT_STREAM, stepsPerEpoch, trainStep } from './trainStep';

export { createDivergenceCheck, EXPLODED_LOSS_FLOOR, initialDivergenceState, type DivergenceReason } from './divergence';
export { SNAPSHOT_TIME_SHARE } from './snapshotter';
export type { EpochPoint, Progress, StepPoints, TrainEvents, TrainOutcome } from './trainEvents';
export { DROPOUT_STREAM, stepsPerEpoch, trainStep } from './trainStep';

/** Where the loop stands: the next step's epoch and batch, that epoch's order, and what it has trained. */
interface Cursor {
  step: number;
  /** 1-based. */
  epoch: number;
  /** 0-based, within the epoch. */
  batch: number;
  order: Int32Array | null;
  samplesSeen: number;
}

/** Everything one call of `trainModel` works with: the cursor, its random streams, its clock and its parts. */
interface TrainRun {
  net: Model;
  optimizer: Optimizer;
  splits: Splits;
  config: TrainConfig;
  control: RunControl;
  events: TrainEvents;
  perEpoch: number;
  /** Steps up to this one were delivered before a halt: trained again, not reported again. */
  quietThrough: number;
  at: Cursor;
  orderRng: Rng;
  dropoutRng: Rng;
  /** Training time so far, ms, pauses left out. */
  elapsed(): number;
  /** Leaves `ms` of pause out of the training time. */
  addPause(ms: number): void;
  buffer: MetricsBuffer;
  snapshots: Snapshotter;
  delivery: StepDelivery;
  probes: ProbeScheduler;
}

/**
 * Trains `net` in place for `config.epochs` epochs, reporting through `events`. Metrics are read
 * back in groups, never synchronously every step; a non-finite loss ends the run as diverged.
 *
 * When `events.onSnapshot` is given, deliveries of steps also read back a snapshot of the whole
 * state (see `SNAPSHOT_TIME_SHARE` for how often), handed over before the steps it covers.
 * `resume` continues a halted run from one: the model and optimizer must already hold its values
 * (see `restoreState`); batch order and metrics carry on exactly as if the run had never stopped,
 * and steps already delivered before the halt are trained again without being reported.
 *
 * Throws `RunHaltedError` when `control.halt()` is called (its backend is gone): at once, without
 * waiting for reads from the device; the last snapshot is where to continue.
 */
export async function trainModel(
  net: Model,
  optimizer: Optimizer,
  splits: Splits,
  config: TrainConfig,
  control: RunControl,
  events: TrainEvents,
  resume: Resume | null = null,
): Promise<TrainOutcome> {
  const run = startRun(net, optimizer, splits, config, control, events, resume);
  const { at, buffer, delivery, probes } = run;
  try {
    if (at.step === 0) await probes.probe(0);
    for (; at.epoch <= config.epochs; at.epoch++, at.batch = 0, at.order = null) {
      const order = (at.order ??= shuffledIndices(splits.train.count, run.orderRng));
      for (; at.batch < run.perEpoch;) {
        await control.checkpoint();
        if (control.isHalted) throw new RunHaltedError();
        if (control.isPaused && !control.isStopped) {
          const diverged = await pause(run);
          if (diverged) return diverged;
        }
        if (control.isStopped) return await stop(run);
        const lr = control.takeLearningRate();
        if (lr !== null && lr !== optimizer.learningRate) {
          optimizer.setLearningRate(lr);
          delivery.noteLearningRate(at.step, lr);
        }
        const rows = order.subarray(at.batch * config.batchSize, Math.min((at.batch + 1) * config.batchSize, order.length));
        buffer.push(trainStep(net, optimizer, splits, rows, run.dropoutRng));
        at.step += 1;
        at.batch += 1;
        at.samplesSeen += rows.length;
        if (at.batch === run.perEpoch || buffer.isDue()) {
          const diverged = await (at.batch === run.perEpoch ? delivery.deliverWithSnapshot() : delivery.deliver());
          if (diverged) return diverged;
        }
        if (probes.isDue(at.step)) await probes.probe(at.step);
      }
      await endEpoch(run);
    }
    await probes.probe(at.step);
    const test = await control.guard(evaluate(net, splits.test));
    return { status: 'completed', test, elapsedMs: run.elapsed(), steps: at.step };
  } finally {
    buffer.dispose();
  }
}

/** Sets a run up, fresh or from `resume`'s snapshot; throws if that snapshot was taken on other training data. */
function startRun(
  net: Model,
  optimizer: Optimizer,
  splits: Splits,
  config: TrainConfig,
  control: RunControl,
  events: TrainEvents,
  resume: Resume | null,
): TrainRun {
  const perEpoch = stepsPerEpoch(splits.train.count, config.batchSize);
  const from = resume?.snapshot ?? null;
  if (from && (from.trainCount !== splits.train.count || from.batch > perEpoch)) {
    throw new Error('The snapshot was taken on other training data.');
  }
  const quietThrough = resume?.deliveredStep ?? 0;
  const orderRng = createRng(from ? from.orderRngState : deriveSeed(config.seed, 2));
  const dropoutRng = createRng(from ? from.dropoutRngState : deriveSeed(config.seed, DROPOUT_STREAM));
  const divergenceState = from ? { ...from.divergence } : initialDivergenceState();
  const guard = (read: Promise<Float32Array>) => control.guard(read);
  const at: Cursor = {
    step: from?.step ?? 0,
    epoch: from?.epoch ?? 1,
    batch: from?.batch ?? 0,
    order: from?.order ?? null,
    samplesSeen: from?.samplesSeen ?? 0,
  };
  const buffer = createMetricsBuffer(createDivergenceCheck(divergenceState), guard);
  let pausedMs = 0;
  // The clock goes on from what was shown, so the seconds axis never runs backwards.
  const start = performance.now() - (resume ? Math.max(from?.elapsedMs ?? 0, resume.deliveredMs) : 0);
  const elapsed = () => performance.now() - start - pausedMs;
  const position = (): Omit<TrainSnapshot, 'values'> => ({
    step: at.step,
    epoch: at.epoch,
    batch: at.batch,
    order: at.order,
    orderRngState: orderRng.state(),
    dropoutRngState: dropoutRng.state(),
    trainCount: splits.train.count,
    samplesSeen: at.samplesSeen,
    elapsedMs: elapsed(),
    learningRate: optimizer.learningRate,
    optimizerIterations: optimizer.iterations,
    divergence: { ...divergenceState },
  });
  const snapshots = createSnapshotter({ state: () => stateTensor(net, optimizer), position, guard, onSnapshot: events.onSnapshot?.bind(events), from });
  const progress = (atStep: number): Progress => ({
    step: atStep,
    totalSteps: perEpoch * config.epochs,
    epoch: Math.min(at.epoch, config.epochs),
    samplesSeen: at.samplesSeen,
    elapsedMs: elapsed(),
  });
  const delivery = createStepDelivery({ buffer, snapshots, events, quietThrough, step: () => at.step, progress, elapsed });
  const take = createProbeTaker({ net, splits, options: events.probes, totalSteps: perEpoch * config.epochs, guard, elapsed });
  const probes = createProbeScheduler({ options: events.probes, take, quietThrough, elapsed });
  const addPause = (ms: number) => void (pausedMs += ms);
  return {
    net,
    optimizer,
    splits,
    config,
    control,
    events,
    perEpoch,
    quietThrough,
    at,
    orderRng,
    dropoutRng,
    elapsed,
    addPause,
    buffer,
    snapshots,
    delivery,
    probes,
  };
}

/** Delivers what was trained before halting (so a paused chart is a complete one) and waits while paused. */
async function pause({ control, events, delivery, at, addPause }: TrainRun): Promise<TrainOutcome | null> {
  const diverged = await delivery.deliverWithSnapshot();
  if (diverged) return diverged;
  events.onPaused(at.step);
  addPause(await control.waitWhilePaused());
  if (control.isHalted) throw new RunHaltedError();
  if (!control.isStopped) events.onResumed();
  return null;
}

/** Ends a stopped run: its last steps delivered, a last probe. */
async function stop({ delivery, probes, at, elapsed }: TrainRun): Promise<TrainOutcome> {
  const diverged = await delivery.deliverLast();
  if (diverged) return diverged;
  await probes.probe(at.step);
  return { status: 'stopped', elapsedMs: elapsed(), steps: at.step };
}

/** Validates the model after an epoch's last step (its steps and snapshot delivered) and reports it. */
async function endEpoch({ net, splits, control, events, snapshots, at, orderRng, elapsed, quietThrough }: TrainRun): Promise<void> {
  const validation = await control.guard(evaluate(net, splits.validation));
  // The epoch end took a snapshot; the validation's time does not count towards the next.
  snapshots.restartTimer();
  // Evaluation changes no variable: the same values, with the epoch done.
  snapshots.reissue(at.step, () => ({ epoch: at.epoch + 1, batch: 0, order: null, orderRngState: orderRng.state(), elapsedMs: elapsed() }));
  // Delivered already if later steps were, before a halt.
  if (at.step >= quietThrough) events.onEpoch({ epoch: at.epoch, step: at.step, elapsedMs: elapsed(), ...validation });
}

/**
 * Builds the model and optimizer for `config` (or from `resume`'s snapshot, to continue a halted
 * run), trains, and frees them, whatever happens.
 *
 * `keepModel`, optional: called once training has ended (not if it threw) with the trained model
 * and the outcome; returning true hands the model over, and the caller must `disposeModel` it.
 */
export async function runExperiment(
  config: ExperimentConfig,
  splits: Splits,
  control: RunControl,
  events: TrainEvents,
  resume: Resume | null = null,
  keepModel?: (net: Model, outcome: TrainOutcome) => boolean,
): Promise<TrainOutcome> {
  const net = createModel(config.model, config.train.seed);
  const optimizer = createOptimizer(config.train.optimizer, config.train.learningRate);
  let kept = false;
  try {
    if (resume?.snapshot) restoreState(net, optimizer, resume.snapshot);
    const outcome = await trainModel(net, optimizer, splits, config.train, control, events, resume);
    kept = keepModel?.(net, outcome) ?? false;
    return outcome;
  } finally {
    optimizer.dispose();
    if (!kept) disposeModel(net);
  }
}
