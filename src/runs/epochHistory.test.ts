import { expect, it } from 'vitest';
import { epochHistory } from './epochHistory';
import { appendSteps, emptySeries } from './stepSeries';

it('averages the training metrics over each epoch and pairs them with validation', () => {
  const series = appendSteps(emptySeries(), 1, Float32Array.from([4, 2, 1, 3]), Float32Array.from([0.1, 0.3, 0.5, 0.7]));
  const rows = epochHistory(series, [
    { epoch: 1, step: 2, loss: 1.5, accuracy: 0.4, elapsedMs: 10 },
    { epoch: 2, step: 4, loss: 1.25, accuracy: 0.6, elapsedMs: 20 },
  ]);
  expect(rows[0]).toEqual({ epoch: 1, loss: 3, accuracy: expect.closeTo(0.2, 6), valLoss: 1.5, valAccuracy: 0.4, elapsedMs: 10 });
  expect(rows[1]).toMatchObject({ epoch: 2, loss: 2, accuracy: expect.closeTo(0.6, 6), valLoss: 1.25 });
});
