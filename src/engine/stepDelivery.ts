import type { MetricsBuffer } from './metricsBuffer';
import type { Snapshotter } from './snapshotter';
import type { Progress, TrainEvents, TrainOutcome } from './trainEvents';

type Diverged = Extract<TrainOutcome, { status: 'diverged' }>;

export interface StepDeliveryParts {
  buffer: MetricsBuffer;
  snapshots: Snapshotter;
  events: Pick<TrainEvents, 'onSteps' | 'onLearningRate'>;
  /** Steps up to this one were delivered before a halt: trained again, not reported again. */
  quietThrough: number;
  /** Steps trained so far. */
  step(): number;
  /** The progress to report with steps up to `atStep`. */
  progress(atStep: number): Progress;
  /** Training time so far, ms. */
  elapsed(): number;
}

/**
 * Hands trained steps over, in the order a listener relies on: a snapshot first (it covers them),
 * then the learning-rate changes, then the steps' metrics. Each delivery returns the diverged
 * outcome if a loss read back blew up (its steps up to there delivered), else null.
 */
export interface StepDelivery {
  /** A learning-rate change at `step`, reported with the steps it applies to; it forces a snapshot. */
  noteLearningRate(step: number, learningRate: number): void;
  /** Delivers the waiting steps, with a snapshot if one is due (timer or learning-rate change). */
  deliver(): Promise<Diverged | null>;
  /** Delivers the waiting steps with a snapshot; with none waiting, takes one unless the last is at this step (epoch end, pause). */
  deliverWithSnapshot(): Promise<Diverged | null>;
  /** Delivers the waiting steps without a snapshot (the run stops). */
  deliverLast(): Promise<Diverged | null>;
}

/** When a delivery takes a snapshot: if due, always, or never. */
type SnapshotWhen = 'ifDue' | 'always' | 'never';

export function createStepDelivery({ buffer, snapshots, events, quietThrough, step, progress, elapsed }: StepDeliveryParts): StepDelivery {
  /** Learning-rate changes applied since the last delivery: `[step, learningRate]`. */
  const pendingRates: Array<[number, number]> = [];
  const reportRates = () => pendingRates.splice(0).forEach(([atStep, lr]) => events.onLearningRate(atStep, lr));

  /** Reports steps `first…`, leaving out those delivered before a halt. */
  const report = (first: number, loss: Float32Array, accuracy: Float32Array) => {
    const skip = Math.max(0, quietThrough - first + 1);
    if (skip >= loss.length) return;
    const points = skip === 0 ? { firstStep: first, loss, accuracy } : { firstStep: first + skip, loss: loss.slice(skip), accuracy: accuracy.slice(skip) };
    events.onSteps(points, progress(first + loss.length - 1));
  };

  const flush = async (when: SnapshotWhen): Promise<Diverged | null> => {
    if (buffer.size > 0) {
      const { first, loss, accuracy, diverged } = await buffer.read(step());
      if (diverged) {
        reportRates();
        if (loss.length > 0) report(first, loss, accuracy);
        return { status: 'diverged', step: diverged.step, elapsedMs: elapsed(), reason: diverged.reason, loss: diverged.loss };
      }
      // A new learning rate forces a snapshot, so no mark is shown that a snapshot lacks.
      const due = when === 'always' || (when === 'ifDue' && (pendingRates.length > 0 || snapshots.timerDue()));
      if (snapshots.enabled && due) await snapshots.take();
      reportRates();
      report(first, loss, accuracy);
    } else if (snapshots.enabled && when === 'always' && snapshots.last?.step !== step()) {
      await snapshots.take();
    }
    return null;
  };

  return {
    noteLearningRate: (atStep, learningRate) => void pendingRates.push([atStep, learningRate]),
    deliver: () => flush('ifDue'),
    deliverWithSnapshot: () => flush('always'),
    deliverLast: () => flush('never'),
  };
}
