import { describe, expect, it } from 'vitest';
import { MISMATCHED_INPUT_STATS as stats } from '../runs/testing/inputStatsFixture';
import { exportRunsJson, importRunsJson } from './runsFile';
import { finishedRun } from './testing/runFixture';

// Through IndexedDB records: src/persist/storedRun.test.ts.
describe('a run’s input statistics (the scaling warning) are kept', () => {
  it('through a runs file: exported, imported back equal; a file without them still imports', () => {
    const run = finishedRun({ inputStats: stats });
    const back = importRunsJson(exportRunsJson([run]), 60_000);
    expect(back.errors).toEqual([]);
    expect(back.runs[0]!.inputStats).toEqual(stats);
    const plain = importRunsJson(exportRunsJson([finishedRun()]), 60_000);
    expect(plain.errors).toEqual([]);
    expect(plain.runs[0]!.inputStats).toBeUndefined();
  });

  it('refuses a file whose statistics are not numbers, naming the field', () => {
    const doc = JSON.parse(exportRunsJson([finishedRun({ inputStats: stats })]));
    doc.runs[0].inputStats.test.mean = 'bright';
    const r = importRunsJson(JSON.stringify(doc), 60_000);
    expect(r.runs).toEqual([]);
    expect(r.errors[0]).toMatch(/inputStats\.test\.mean/);
  });
});
