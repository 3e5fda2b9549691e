import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradients; the union package does, but we do not ship it.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { CLASSES, type ExperimentConfig, type TrainConfig } from './config';
import { gatherInputs, splitIndices, type Splits } from './dataTensors';
import { evaluate } from './evaluate';
import { softmaxCrossEntropyMean } from './fastOps';
import { correctCount, type LossAccuracy } from './metrics';
import { createModel, disposeModel, forward, trainableVariables, type Model } from './model';
import { createOptimizer, type Optimizer } from './optimizers';
import { probeModel, probeRows, type ProbeOptions } from './probe';
import { createRng, deriveSeed, shuffledIndices, type Rng } from './rng';
import { RunHaltedError, type RunControl } from './runControl';
import { MAX_PENDING_STEPS, stackMetrics } from './stackMetrics';
import { restoreState, stateTensor, type DivergenceState, type Resume, type TrainSnapshot } from './snapshot';

/** Per-step training metrics for steps `firstStep … firstStep + loss.length - 1` (1-based). */
export interface StepPoints {
  firstStep: number;
  loss: Float32Array;
  accuracy: Float32Array;
}

export interface Progress {
  step: number;
  totalSteps: number;
  /** 1-based epoch the last step belongs to. */
  epoch: number;
  samplesSeen: number;
  /** Training time, pauses left out. */
  elapsedMs: number;
}

export interface EpochPoint extends LossAccuracy {
  epoch: number;
  step: number;
  elapsedMs: number;
}

export interface TrainEvents {
  onSteps(points: StepPoints, progress: Progress): void;
  onEpoch(point: EpochPoint): void;
  onLearningRate(step: number, learningRate: number): void;
  /** Training has really halted (metrics so far delivered) after `pause()`. */
  onPaused(step: number): void;
  onResumed(): void;
  /**
   * Optional. When given, the loop also reads back its whole state (every weight and optimizer
   * slot) with deliveries of steps, as often as `SNAPSHOT_TIME_SHARE` allows and at every epoch
   * end, pause and learning-rate change, and hands it over before the steps it covers, so a
   * halted run can continue (see `Resume`).
   */
  onSnapshot?(snapshot: TrainSnapshot): void;
  /**
   * Optional: probes (see `probe.ts`) on the first validation images before the first step,
   * every `probes.every` steps (fewer if `probes.maxTimeShare` says so) and after the last, each
   * handed to `probes.onProbe`; the loop waits for each. They change nothing in the model.
   */
  probes?: ProbeOptions;
}

/** `nonFinite`: a loss was NaN or infinite. `exploded`: the smoothed loss rose far above where it started. */
export type DivergenceReason = 'nonFinite' | 'exploded';

export type TrainOutcome =
  | { status: 'completed'; test: LossAccuracy; elapsedMs: number; steps: number }
  | { status: 'stopped'; elapsedMs: number; steps: number }
  | { status: 'diverged'; step: number; elapsedMs: number; reason: DivergenceReason; loss: number };

/**
 * A run has blown up when its smoothed loss exceeds both three times a uniform guess's loss
 * (3·ln 10 ≈ 6.9) and twice its first loss. Cross-entropy rarely reaches NaN (log-softmax stays
 * finite), so without this a learning rate of 1 would "train" on at a loss of 40.
 */
export const EXPLODED_LOSS_FLOOR = 3 * Math.log(10);
/** Steps before the explosion rule applies, and the weight of the newest loss in its average. */
const EXPLOSION_WARMUP_STEPS = 10;
const EXPLOSION_EMA_WEIGHT = 0.1;

export const initialDivergenceState = (): DivergenceState => ({ steps: 0, first: 0, ema: 0 });

/**
 * Tracks the smoothed loss; returns the step's verdict. Pure apart from `state`, which it updates
 * (pass a snapshot's to continue a run), so the rule is unit-tested alone.
 */
export function createDivergenceCheck(state: DivergenceState = initialDivergenceState()): (loss: number) => DivergenceReason | null {
  return (loss) => {
    if (!Number.isFinite(loss)) return 'nonFinite';
    state.steps += 1;
    if (state.steps === 1) {
      state.first = loss;
      state.ema = loss;
      return null;
    }
    state.ema += EXPLOSION_EMA_WEIGHT * (loss - state.ema);
    const limit = Math.max(EXPLODED_LOSS_FLOOR, 2 * state.first);
    return state.steps > EXPLOSION_WARMUP_STEPS && state.ema > limit ? 'exploded' : null;
  };
}

export function stepsPerEpoch(trainCount: number, batchSize: number): number {
  return Math.ceil(trainCount / batchSize);
}

/** The seed purpose of dropout's masks (1: weights, 2: batch order), so dropout moves neither other stream. */
export const DROPOUT_STREAM = 3;

/**
 * One optimisation step on the rows `idx`; dropout's masks come from `dropoutRng`. Returns `[loss, accuracy]` as a tensor the caller
 * must dispose; everything else is freed here. Side effects: updates the weights, the optimizer's
 * slots and the BatchNorm moving statistics.
 */
export function trainStep(net: Model, optimizer: Optimizer, splits: Splits, order: Int32Array, dropoutRng: Rng = createRng(deriveSeed(0, DROPOUT_STREAM))): tf.Tensor1D {
  return tf.tidy(() => {
    const idx = splitIndices(splits.train, order);
    const xs = gatherInputs(splits.train, idx);
    const labels = tf.gather(splits.train.source.labels, idx);
    const targets = tf.cast(tf.oneHot(labels, CLASSES), 'float32') as tf.Tensor2D;
    let stats: tf.Tensor1D | null = null;
    const variables = trainableVariables(net);
    const { grads } = tf.variableGrads(() => {
      const logits = forward(net, xs, 'train', { rng: dropoutRng });
      const loss = softmaxCrossEntropyMean(logits, targets);
      // Kept past the gradient scope; the caller disposes it after reading it back.
      stats = tf.keep(tf.stack([loss, tf.div(correctCount(logits, labels), order.length)]) as tf.Tensor1D);
      return loss;
    }, variables);
    optimizer.apply(
      variables,
      variables.map((v) => grads[v.name]!),
    );
    return stats!;
  });
}

/**
 * Snapshots on a timer take at most this share of the training time: one costs ~1 ms on a GPU
 * but 50–100 ms under SwiftShader (software WebGL), where it would otherwise slow training by a
 * quarter. Epoch ends, pauses and learning-rate changes always take one.
 */
export const SNAPSHOT_TIME_SHARE = 0.05;

/** When a delivery of steps reads back a snapshot: if the timer allows, always, or never (the run ends). */
type SnapshotWhen = 'ifDue' | 'always' | 'never';

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
  const perEpoch = stepsPerEpoch(splits.train.count, config.batchSize);
  const totalSteps = perEpoch * config.epochs;
  const from = resume?.snapshot ?? null;
  if (from && (from.trainCount !== splits.train.count || from.batch > perEpoch)) {
    throw new Error('The snapshot was taken on other training data.');
  }
  /** Steps up to this one were delivered before a halt: trained again, not reported again. */
  const quietThrough = resume?.deliveredStep ?? 0;
  const orderRng = createRng(from ? from.orderRngState : deriveSeed(config.seed, 2));
  const dropoutRng = createRng(from ? from.dropoutRngState : deriveSeed(config.seed, DROPOUT_STREAM));
  const pending: tf.Tensor1D[] = [];
  /** Learning-rate changes applied since the last delivery: `[step, learningRate]`. */
  const pendingRates: Array<[number, number]> = [];
  const divergenceState = from ? { ...from.divergence } : initialDivergenceState();
  const divergence = createDivergenceCheck(divergenceState);
  const probeBatch = events.probes ? probeRows(splits.validation) : null;
  let probedAt = -1;
  /** Time the probes took, ms: all of them, and all but the first (which also compiles the GPU's programs). */
  let probeMs = 0;
  let laterProbeMs = 0;
  /** A due probe is skipped while the later probes have taken more than `maxTimeShare` of the time spent training. */
  const probeAffordable = () => {
    const share = events.probes?.maxTimeShare;
    return share === undefined || laterProbeMs <= share * (elapsed() - probeMs);
  };
  /** Probes after `atStep` steps, unless it did just now or did before a halt (steps up to `quietThrough`). */
  const probe = async (atStep: number) => {
    if (!events.probes || !probeBatch || probeBatch.length < 2 || atStep === probedAt || (quietThrough > 0 && atStep <= quietThrough)) return;
    const first = probedAt === -1;
    probedAt = atStep;
    const taken = await probeModel(net, splits.validation, probeBatch, atStep, (v) => control.guard(v));
    probeMs += taken.ms;
    if (!first) laterProbeMs += taken.ms;
    events.probes.onProbe(taken);
  };
  let step = from?.step ?? 0;
  let samplesSeen = from?.samplesSeen ?? 0;
  let epoch = from?.epoch ?? 1;
  let batch = from?.batch ?? 0;
  let order = from?.order ?? null;
  let snapshot = from;
  let nextTimedSnapshot = 0;
  /** What the last snapshot took, ms: timed ones are spaced by it. */
  let snapshotMs = 0;
  let pausedMs = 0;
  let lastFlush = performance.now();
  // The clock goes on from what was shown, so the seconds axis never runs backwards.
  const start = performance.now() - (resume ? Math.max(from?.elapsedMs ?? 0, resume.deliveredMs) : 0);
  const elapsed = () => performance.now() - start - pausedMs;

  const progress = (atStep: number): Progress => ({
    step: atStep,
    totalSteps,
    epoch: Math.min(epoch, config.epochs),
    samplesSeen,
    elapsedMs: elapsed(),
  });

  /** Reports steps `first…`, leaving out those delivered before a halt. */
  const deliver = (first: number, loss: Float32Array, accuracy: Float32Array) => {
    const skip = Math.max(0, quietThrough - first + 1);
    if (skip >= loss.length) return;
    const points = skip === 0 ? { firstStep: first, loss, accuracy } : { firstStep: first + skip, loss: loss.slice(skip), accuracy: accuracy.slice(skip) };
    events.onSteps(points, progress(first + loss.length - 1));
  };

  /** Reads the whole state back and hands it over; times itself to space the next timed one. */
  const takeSnapshot = async () => {
    const began = performance.now();
    const state = stateTensor(net, optimizer);
    const at = {
      step,
      epoch,
      batch,
      order,
      orderRngState: orderRng.state(),
      dropoutRngState: dropoutRng.state(),
      trainCount: splits.train.count,
      samplesSeen,
      elapsedMs: elapsed(),
      learningRate: optimizer.learningRate,
      optimizerIterations: optimizer.iterations,
      divergence: { ...divergenceState },
    };
    let values: Float32Array;
    try {
      values = await control.guard(state.data<'float32'>());
    } finally {
      state.dispose();
    }
    const now = performance.now();
    snapshotMs = now - began;
    nextTimedSnapshot = now + snapshotMs / SNAPSHOT_TIME_SHARE;
    snapshot = { ...at, values };
    events.onSnapshot?.(snapshot);
  };

  /** Delivers pending step metrics (and a snapshot, if due); returns the diverged outcome if the loss blew up. */
  const flush = async (when: SnapshotWhen): Promise<TrainOutcome | null> => {
    if (pending.length > 0) {
      const metrics = stackMetrics(pending);
      const n = pending.length;
      const first = step - n + 1;
      pending.splice(0).forEach((t) => t.dispose());
      let values: Float32Array;
      try {
        values = await control.guard(metrics.data<'float32'>());
      } finally {
        metrics.dispose();
      }
      lastFlush = performance.now();
      const loss = new Float32Array(n);
      const accuracy = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        loss[i] = values[2 * i]!;
        accuracy[i] = values[2 * i + 1]!;
        const reason = divergence(loss[i]!);
        if (reason) {
          pendingRates.splice(0).forEach(([atStep, lr]) => events.onLearningRate(atStep, lr));
          // An exploded step is finite and worth drawing; a NaN one is not.
          const keep = reason === 'exploded' ? i + 1 : i;
          if (keep > 0) deliver(first, loss.slice(0, keep), accuracy.slice(0, keep));
          return { status: 'diverged', step: first + i, elapsedMs: elapsed(), reason, loss: loss[i]! };
        }
      }
      // A new learning rate forces a snapshot, so no mark is shown that a snapshot lacks.
      const due = when === 'always' || (when === 'ifDue' && (pendingRates.length > 0 || performance.now() >= nextTimedSnapshot));
      if (events.onSnapshot && due) await takeSnapshot();
      pendingRates.splice(0).forEach(([atStep, lr]) => events.onLearningRate(atStep, lr));
      deliver(first, loss, accuracy);
    } else if (events.onSnapshot && when === 'always' && snapshot?.step !== step) {
      await takeSnapshot();
    }
    return null;
  };

  try {
    if (step === 0) await probe(0);
    for (; epoch <= config.epochs; epoch++, batch = 0, order = null) {
      order ??= shuffledIndices(splits.train.count, orderRng);
      for (; batch < perEpoch; ) {
        await control.checkpoint();
        if (control.isHalted) throw new RunHaltedError();
        if (control.isPaused && !control.isStopped) {
          // Deliver what was trained before halting, so a paused chart is a complete one.
          const diverged = await flush('always');
          if (diverged) return diverged;
          events.onPaused(step);
          pausedMs += await control.waitWhilePaused();
          if (control.isHalted) throw new RunHaltedError();
          if (!control.isStopped) events.onResumed();
        }
        if (control.isStopped) {
          const diverged = await flush('never');
          if (diverged) return diverged;
          await probe(step);
          return { status: 'stopped', elapsedMs: elapsed(), steps: step };
        }
        const lr = control.takeLearningRate();
        if (lr !== null && lr !== optimizer.learningRate) {
          optimizer.setLearningRate(lr);
          // Reported with the steps it applies to.
          pendingRates.push([step, lr]);
        }
        const rows = order.subarray(batch * config.batchSize, Math.min((batch + 1) * config.batchSize, order.length));
        pending.push(trainStep(net, optimizer, splits, rows, dropoutRng));
        step += 1;
        batch += 1;
        samplesSeen += rows.length;
        if (batch === perEpoch) {
          const diverged = await flush('always');
          if (diverged) return diverged;
        } else if (pending.length >= MAX_PENDING_STEPS || performance.now() - lastFlush > 200) {
          const diverged = await flush('ifDue');
          if (diverged) return diverged;
        }
        if (events.probes && step % events.probes.every === 0 && probeAffordable()) await probe(step);
      }
      const validation = await control.guard(evaluate(net, splits.validation));
      // The epoch end took a snapshot; the validation's time does not count towards the next.
      nextTimedSnapshot = performance.now() + snapshotMs / SNAPSHOT_TIME_SHARE;
      if (snapshot && snapshot.step === step && events.onSnapshot) {
        // Evaluation changes no variable: the same values, with the epoch done.
        snapshot = { ...snapshot, epoch: epoch + 1, batch: 0, order: null, orderRngState: orderRng.state(), elapsedMs: elapsed() };
        events.onSnapshot(snapshot);
      }
      // Delivered already if later steps were, before a halt.
      if (step >= quietThrough) events.onEpoch({ epoch, step, elapsedMs: elapsed(), ...validation });
    }
    await probe(step);
    const test = await control.guard(evaluate(net, splits.test));
    return { status: 'completed', test, elapsedMs: elapsed(), steps: step };
  } finally {
    pending.forEach((t) => t.dispose());
  }
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
