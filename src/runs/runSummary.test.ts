import { describe, expect, it } from 'vitest';
import type { LossAccuracy } from '../engine/metrics';
import type { Progress } from '../engine/train';
import type { RunRecord } from './runRecord';
import { comparisonGroups, epochComparison, runSummary } from './runSummary';
import { blankRun } from './testing/blankRun';

/** A finished run whose epoch i (1-based) has validation `[loss, accuracy]` = `val[i - 1]`. */
function run(val: [number, number][], patch: Partial<RunRecord> = {}): RunRecord {
  return blankRun({
    totalSteps: 100 * val.length,
    stepsPerEpoch: 100,
    trainCount: 3200,
    epochs: val.map(([loss, accuracy], i) => ({ epoch: i + 1, step: 100 * (i + 1), elapsedMs: 1000 * (i + 1), loss, accuracy })),
    ...patch,
  });
}

const progress = (samplesSeen: number, elapsedMs: number): Progress => ({ step: 1, totalSteps: 1, epoch: 1, samplesSeen, elapsedMs });

describe('runSummary', () => {
  it('takes the test result, the first epoch reaching the best validation accuracy, the last epoch and the speed', () => {
    const test: LossAccuracy = { loss: 0.08, accuracy: 0.975 };
    const s = runSummary(
      run(
        [
          [0.3, 0.9],
          [0.2, 0.95],
          [0.25, 0.95],
          [0.22, 0.94],
        ],
        { test, progress: progress(6400, 2000) },
      ),
    );
    expect(s).toEqual({
      testLoss: 0.08,
      testAccuracy: 0.975,
      bestValAccuracy: 0.95,
      bestEpoch: 2,
      finalValAccuracy: 0.94,
      finalValLoss: 0.22,
      epochsDone: 4,
      elapsedMs: 2000,
      samplesPerSecond: 3200,
    });
  });

  it('gives nulls for a run with no epochs, no test and no progress', () => {
    expect(runSummary(run([], { status: 'failed' }))).toEqual({
      testLoss: null,
      testAccuracy: null,
      bestValAccuracy: null,
      bestEpoch: null,
      finalValAccuracy: null,
      finalValLoss: null,
      epochsDone: 0,
      elapsedMs: 0,
      samplesPerSecond: null,
    });
  });

  it('leaves NaN accuracies out of the best, and has no speed before time passes', () => {
    const s = runSummary(
      run(
        [
          [0.5, 0.8],
          [Number.NaN, Number.NaN],
        ],
        { status: 'diverged', progress: progress(0, 0) },
      ),
    );
    expect(s.bestValAccuracy).toBe(0.8);
    expect(s.bestEpoch).toBe(1);
    expect(s.finalValLoss).toBeNaN();
    expect(s.samplesPerSecond).toBeNull();
  });
});

describe('epochComparison', () => {
  it('lines runs up by epoch, with null where a run has not reached it', () => {
    const a = run([
      [0.3, 0.9],
      [0.2, 0.95],
      [0.1, 0.97],
    ]);
    const b = run([[0.4, 0.88]]);
    expect(epochComparison([a, b])).toEqual([
      {
        epoch: 1,
        values: [
          { loss: 0.3, accuracy: 0.9 },
          { loss: 0.4, accuracy: 0.88 },
        ],
      },
      { epoch: 2, values: [{ loss: 0.2, accuracy: 0.95 }, null] },
      { epoch: 3, values: [{ loss: 0.1, accuracy: 0.97 }, null] },
    ]);
  });

  it('has no rows when no run finished an epoch', () => {
    expect(epochComparison([])).toEqual([]);
    expect(epochComparison([run([])])).toEqual([]);
  });
});

describe('comparisonGroups', () => {
  it("groups runs by group id, leaves out single and queued runs, and puts the newest run's group last", () => {
    const r = (id: string, groupId: string | null, status: RunRecord['status'] = 'completed') => run([], { id, groupId, status });
    const groups = comparisonGroups([r('a1', 'A'), r('s', null), r('b1', 'B'), r('b2', 'B'), r('a2', 'A'), r('c1', 'C', 'queued')]);
    expect(groups.map((g) => [g.id, g.runs.map((x) => x.id)])).toEqual([
      ['B', ['b1', 'b2']],
      ['A', ['a1', 'a2']],
    ]);
    expect(comparisonGroups([r('s', null), r('c1', 'C', 'queued')])).toEqual([]);
  });
});
