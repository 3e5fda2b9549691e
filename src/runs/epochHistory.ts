import type { EpochPoint } from '../engine/train';
import type { StepSeries } from './stepSeries';

/** One row of a Keras-style `history.history`: training metrics are the epoch's averages. */
export interface EpochRow {
  epoch: number;
  loss: number;
  accuracy: number;
  valLoss: number;
  valAccuracy: number;
  elapsedMs: number;
}

const mean = (a: Float32Array, from: number, to: number) => {
  let sum = 0;
  for (let i = from; i < to; i++) sum += a[i]!;
  return to > from ? sum / (to - from) : Number.NaN;
};

/** Per-epoch rows from a run's steps and validation points (steps are 1-based). */
export function epochHistory(series: StepSeries, epochs: EpochPoint[]): EpochRow[] {
  return epochs.map((e, i) => {
    const from = i === 0 ? 0 : epochs[i - 1]!.step;
    const to = Math.min(e.step, series.length);
    return {
      epoch: e.epoch,
      loss: mean(series.loss, from, to),
      accuracy: mean(series.accuracy, from, to),
      valLoss: e.loss,
      valAccuracy: e.accuracy,
      elapsedMs: e.elapsedMs,
    };
  });
}
