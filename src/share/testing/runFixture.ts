import { defaultExperiment } from '../../engine/config';
import type { RunRecord } from '../../runs/runRecord';
import { appendSteps, emptySeries, type StepSeries } from '../../runs/stepSeries';

/** A series built as the store builds it: in deliveries of `chunk` steps, into arrays with spare capacity. */
export function seriesOf(loss: number[], accuracy: number[], chunk = 3): StepSeries {
  let s = emptySeries(4);
  for (let i = 0; i < loss.length; i += chunk) {
    s = appendSteps(s, i + 1, Float32Array.from(loss.slice(i, i + chunk)), Float32Array.from(accuracy.slice(i, i + chunk)));
  }
  return s;
}

/** A completed two-epoch run of 8 steps (4 per epoch) with awkward values: 1/3, 1e-8, 1e30. */
export function finishedRun(patch: Partial<RunRecord> = {}): RunRecord {
  const config = defaultExperiment();
  config.train.epochs = 2;
  const loss = [2.3, 0.1, 1 / 3, 1e-8, 0.7, Math.PI, 1e30, 0.25];
  const accuracy = [0.1, 0.2, 1 / 3, 0.5, 2 / 3, 0.9, 1, 0];
  return {
    id: 'lq3k2x-7-a9f',
    name: 'Adam, BN, "batch 32", lr=1e-3',
    colorIndex: 3,
    visible: true,
    groupId: 'g-1',
    queueSlot: 0,
    config,
    status: 'completed',
    createdAt: 1_720_000_000_123,
    totalSteps: 8,
    stepsPerEpoch: 4,
    trainCount: 128,
    series: seriesOf(loss, accuracy),
    timeMarks: [
      { step: 3, elapsedMs: 12.5 },
      { step: 8, elapsedMs: 40.25 },
    ],
    epochs: [
      { epoch: 1, step: 4, elapsedMs: 20.1, loss: 0.4, accuracy: 0.875 },
      { epoch: 2, step: 8, elapsedMs: 40.3, loss: 1 / 3, accuracy: 0.9 },
    ],
    learningRateMarks: [{ step: 5, learningRate: 1e-4 }],
    progress: { step: 8, totalSteps: 8, epoch: 2, samplesSeen: 256, elapsedMs: 40.3 },
    test: { loss: 0.3, accuracy: 0.91 },
    message: null,
    backend: 'webgl (SwiftShader)',
    ...patch,
  };
}
