/**
 * Per-step training metrics of one run, in growable typed arrays: a 30-epoch run at batch 32 has
 * 56,000 steps, too many for arrays of objects appended immutably.
 */
export interface StepSeries {
  length: number;
  loss: Float32Array;
  accuracy: Float32Array;
  /** Exponential moving averages, debiased as TensorBoard does. */
  lossSmooth: Float32Array;
  accuracySmooth: Float32Array;
}

/** Weight of the past in the smoothed curves: about a 50-step window. */
export const SMOOTHING = 0.98;

export function emptySeries(capacity = 1024): StepSeries {
  return {
    length: 0,
    loss: new Float32Array(capacity),
    accuracy: new Float32Array(capacity),
    lossSmooth: new Float32Array(capacity),
    accuracySmooth: new Float32Array(capacity),
  };
}

function grow(a: Float32Array, capacity: number): Float32Array {
  const b = new Float32Array(capacity);
  b.set(a);
  return b;
}

function smoothAt(raw: Float32Array, smooth: Float32Array, i: number): void {
  // Debiased EMA: ema_i / (1 - w^(i+1)), so early points are not pulled towards zero.
  const w = SMOOTHING;
  const prevBiased = i === 0 ? 0 : smooth[i - 1]! * (1 - w ** i);
  smooth[i] = (prevBiased * w + (1 - w) * raw[i]!) / (1 - w ** (i + 1));
}

/**
 * Appends steps and returns a new series object (so stores see a change). The arrays are reused
 * when they have room. Steps must arrive in order; `firstStep` is 1-based.
 */
export function appendSteps(series: StepSeries, firstStep: number, loss: Float32Array, accuracy: Float32Array): StepSeries {
  if (firstStep !== series.length + 1) {
    throw new Error(`steps out of order: expected step ${series.length + 1}, got ${firstStep}`);
  }
  const needed = series.length + loss.length;
  let next = series;
  if (needed > series.loss.length) {
    const capacity = Math.max(needed, series.loss.length * 2);
    next = {
      ...series,
      loss: grow(series.loss, capacity),
      accuracy: grow(series.accuracy, capacity),
      lossSmooth: grow(series.lossSmooth, capacity),
      accuracySmooth: grow(series.accuracySmooth, capacity),
    };
  }
  next.loss.set(loss, series.length);
  next.accuracy.set(accuracy, series.length);
  for (let i = series.length; i < needed; i++) {
    smoothAt(next.loss, next.lossSmooth, i);
    smoothAt(next.accuracy, next.accuracySmooth, i);
  }
  return { ...next, length: needed };
}
