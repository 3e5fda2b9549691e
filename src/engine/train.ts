import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradients; the union package does, but we do not ship it.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { ExperimentConfig, TrainConfig } from './config';
import { splitIndices, type Splits } from './dataTensors';
import { evaluate } from './evaluate';
import { correctCount, crossEntropy, type LossAccuracy } from './metrics';
import { createMlp, disposeMlp, forward, trainableVariables, type Mlp } from './model';
import { createOptimizer, type Optimizer } from './optimizers';
import { createRng, deriveSeed, shuffledIndices } from './rng';
import type { RunControl } from './runControl';

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

/** Tracks the smoothed loss; returns the step's verdict. Pure, so the rule is unit-tested alone. */
export function createDivergenceCheck(): (loss: number) => DivergenceReason | null {
  let steps = 0;
  let first = 0;
  let ema = 0;
  return (loss) => {
    if (!Number.isFinite(loss)) return 'nonFinite';
    steps += 1;
    if (steps === 1) {
      first = loss;
      ema = loss;
      return null;
    }
    ema += EXPLOSION_EMA_WEIGHT * (loss - ema);
    const limit = Math.max(EXPLODED_LOSS_FLOOR, 2 * first);
    return steps > EXPLOSION_WARMUP_STEPS && ema > limit ? 'exploded' : null;
  };
}

export function stepsPerEpoch(trainCount: number, batchSize: number): number {
  return Math.ceil(trainCount / batchSize);
}

/**
 * One optimisation step on the rows `idx`. Returns `[loss, accuracy]` as a tensor the caller
 * must dispose; everything else is freed here. Side effects: updates the weights, the optimizer's
 * slots and the BatchNorm moving statistics.
 */
export function trainStep(mlp: Mlp, optimizer: Optimizer, splits: Splits, order: Int32Array): tf.Tensor1D {
  return tf.tidy(() => {
    const idx = splitIndices(splits.train, order);
    const xs = tf.gather(splits.train.source.xs, idx);
    const labels = tf.gather(splits.train.source.labels, idx);
    let stats: tf.Tensor1D | null = null;
    const variables = trainableVariables(mlp);
    const { grads } = tf.variableGrads(() => {
      const logits = forward(mlp, xs, 'train');
      const loss = crossEntropy(logits, labels);
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
 * Trains `mlp` in place for `config.epochs` epochs, reporting through `events`. Metrics are read
 * back in groups, never synchronously every step; a non-finite loss ends the run as diverged.
 */
export async function trainMlp(
  mlp: Mlp,
  optimizer: Optimizer,
  splits: Splits,
  config: TrainConfig,
  control: RunControl,
  events: TrainEvents,
): Promise<TrainOutcome> {
  const perEpoch = stepsPerEpoch(splits.train.count, config.batchSize);
  const totalSteps = perEpoch * config.epochs;
  const orderRng = createRng(deriveSeed(config.seed, 2));
  const pending: tf.Tensor1D[] = [];
  const divergence = createDivergenceCheck();
  let step = 0;
  let samplesSeen = 0;
  let pausedMs = 0;
  let lastFlush = performance.now();
  const start = performance.now();
  const elapsed = () => performance.now() - start - pausedMs;

  /** Delivers pending step metrics; returns the diverged outcome if the loss blew up. */
  const flush = async (epoch: number): Promise<TrainOutcome | null> => {
    if (pending.length === 0) return null;
    const batch = tf.stack(pending) as tf.Tensor2D;
    const first = step - pending.length + 1;
    pending.splice(0).forEach((t) => t.dispose());
    const values = await batch.data();
    batch.dispose();
    lastFlush = performance.now();
    const n = values.length / 2;
    const loss = new Float32Array(n);
    const accuracy = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      loss[i] = values[2 * i]!;
      accuracy[i] = values[2 * i + 1]!;
      const reason = divergence(loss[i]!);
      if (reason) {
        // An exploded step is finite and worth drawing; a NaN one is not.
        const keep = reason === 'exploded' ? i + 1 : i;
        if (keep > 0) events.onSteps({ firstStep: first, loss: loss.slice(0, keep), accuracy: accuracy.slice(0, keep) }, progress(first + keep - 1, epoch));
        return { status: 'diverged', step: first + i, elapsedMs: elapsed(), reason, loss: loss[i]! };
      }
    }
    events.onSteps({ firstStep: first, loss, accuracy }, progress(step, epoch));
    return null;
  };
  const progress = (atStep: number, epoch: number): Progress => ({
    step: atStep,
    totalSteps,
    epoch,
    samplesSeen,
    elapsedMs: elapsed(),
  });

  try {
    for (let epoch = 1; epoch <= config.epochs; epoch++) {
      const order = shuffledIndices(splits.train.count, orderRng);
      for (let b = 0; b < perEpoch; b++) {
        await control.checkpoint();
        if (control.isPaused && !control.isStopped) {
          // Deliver what was trained before halting, so a paused chart is a complete one.
          const diverged = await flush(epoch);
          if (diverged) return diverged;
          events.onPaused(step);
          pausedMs += await control.waitWhilePaused();
          if (!control.isStopped) events.onResumed();
        }
        if (control.isStopped) {
          const diverged = await flush(epoch);
          if (diverged) return diverged;
          return { status: 'stopped', elapsedMs: elapsed(), steps: step };
        }
        const lr = control.takeLearningRate();
        if (lr !== null && lr !== optimizer.learningRate) {
          optimizer.setLearningRate(lr);
          events.onLearningRate(step, lr);
        }
        const rows = order.subarray(b * config.batchSize, Math.min((b + 1) * config.batchSize, order.length));
        pending.push(trainStep(mlp, optimizer, splits, rows));
        step += 1;
        samplesSeen += rows.length;
        if (pending.length >= 64 || performance.now() - lastFlush > 200 || b === perEpoch - 1) {
          const diverged = await flush(epoch);
          if (diverged) return diverged;
        }
      }
      const validation = await evaluate(mlp, splits.validation);
      events.onEpoch({ epoch, step, elapsedMs: elapsed(), ...validation });
    }
    const test = await evaluate(mlp, splits.test);
    return { status: 'completed', test, elapsedMs: elapsed(), steps: step };
  } finally {
    pending.forEach((t) => t.dispose());
  }
}

/** Builds the model and optimizer for `config`, trains, and frees them, whatever happens. */
export async function runExperiment(
  config: ExperimentConfig,
  splits: Splits,
  control: RunControl,
  events: TrainEvents,
): Promise<TrainOutcome> {
  const mlp = createMlp(config.model, config.train.seed);
  const optimizer = createOptimizer(config.train.optimizer, config.train.learningRate);
  try {
    return await trainMlp(mlp, optimizer, splits, config.train, control, events);
  } finally {
    optimizer.dispose();
    disposeMlp(mlp);
  }
}
