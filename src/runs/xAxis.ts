import type { RunRecord } from './runRecord';

/** What the charts' x axis counts. */
export const X_AXES = ['step', 'epoch', 'samples', 'seconds'] as const;
export type XAxis = (typeof X_AXES)[number];

export const X_AXIS_LABELS: Record<XAxis, string> = {
  step: 'Training step',
  epoch: 'Epoch',
  samples: 'Samples seen',
  seconds: 'Training time (s)',
};

type RunShape = Pick<RunRecord, 'stepsPerEpoch' | 'trainCount' | 'config' | 'timeMarks'>;

/**
 * Maps a 1-based step of `run` onto the chosen axis. Epochs are fractional (step 1,875 of 1,875
 * per epoch is epoch 1.0); samples count the short last batch of each epoch exactly; seconds
 * interpolate between the times recorded at each delivery of steps.
 */
export function xForStep(run: RunShape, axis: XAxis, step: number): number {
  switch (axis) {
    case 'step':
      return step;
    case 'epoch':
      return run.stepsPerEpoch > 0 ? step / run.stepsPerEpoch : 0;
    case 'samples': {
      if (run.stepsPerEpoch <= 0) return 0;
      const full = Math.floor(step / run.stepsPerEpoch);
      const within = step - full * run.stepsPerEpoch;
      return full * run.trainCount + Math.min(within * run.config.train.batchSize, run.trainCount);
    }
    case 'seconds':
      return secondsAt(run.timeMarks, step);
  }
}

function secondsAt(marks: RunShape['timeMarks'], step: number): number {
  if (marks.length === 0) return 0;
  // Binary search for the first mark at or after `step`: a long run has thousands of marks.
  let lo = 0;
  let hi = marks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (marks[mid]!.step >= step) hi = mid;
    else lo = mid + 1;
  }
  if (hi === marks.length) return marks[marks.length - 1]!.elapsedMs / 1000;
  const b = marks[hi]!;
  const a = hi === 0 ? { step: 0, elapsedMs: 0 } : marks[hi - 1]!;
  const t = b.step === a.step ? 1 : (step - a.step) / (b.step - a.step);
  return (a.elapsedMs + t * (b.elapsedMs - a.elapsedMs)) / 1000;
}
