import { defaultExperiment } from '../../engine/config';
import type { RunRecord } from '../../runs/runRecord';
import { appendSteps, emptySeries, type StepSeries } from '../../runs/stepSeries';

/**
 * `steps` steps of made-up metrics, appended in uneven chunks (as the worker delivers them) into
 * arrays with spare capacity, so stores must trim. Values are not round numbers in float32.
 */
export function makeSeries(steps: number): StepSeries {
  let series = emptySeries(16);
  for (let first = 1; first <= steps; first += 37) {
    const n = Math.min(37, steps - first + 1);
    const loss = Float32Array.from({ length: n }, (_, i) => 2.3 * Math.exp(-(first + i) / 300) + 0.01 * Math.sin(first + i));
    const accuracy = Float32Array.from({ length: n }, (_, i) => 1 - 0.9 * Math.exp(-(first + i) / 200));
    series = appendSteps(series, first, loss, accuracy);
  }
  return series;
}

/** A finished 2-epoch run with every field filled; override what a test is about. */
export function makeRun(overrides: Partial<RunRecord> = {}, steps = 250): RunRecord {
  return {
    id: 'run-1',
    name: 'BN before ReLU',
    colorIndex: 2,
    visible: true,
    groupId: 'group-1',
    queueSlot: 0,
    config: defaultExperiment(),
    status: 'completed',
    createdAt: 1_700_000_000_000,
    totalSteps: steps,
    stepsPerEpoch: Math.ceil(steps / 2),
    trainCount: 60_000,
    series: makeSeries(steps),
    timeMarks: [
      { step: 100, elapsedMs: 812.5 },
      { step: steps, elapsedMs: 2031.25 },
    ],
    epochs: [
      { epoch: 1, step: Math.ceil(steps / 2), elapsedMs: 1000, loss: 0.31, accuracy: 0.91 },
      { epoch: 2, step: steps, elapsedMs: 2031.25, loss: Number.NaN, accuracy: 0.1 },
    ],
    learningRateMarks: [{ step: 0, learningRate: 0.001 }],
    progress: { step: steps, totalSteps: steps, epoch: 2, samplesSeen: steps * 32, elapsedMs: 2031.25 },
    test: { loss: 0.12, accuracy: 0.9634 },
    message: null,
    backend: 'cpu',
    ...overrides,
  };
}
