import { describe, expect, it } from 'vitest';
import { exportRunsJson, importRunsJson } from './runsFile';
import { finishedRun } from './testing/runFixture';

/** A run trained on Fashion-MNIST: its config says so; older runs say nothing and mean MNIST. */
const fashionRun = () => {
  const run = finishedRun();
  return { ...run, config: { ...run.config, dataset: 'fashion' as const } };
};

// Through the browser's storage: src/persist/storedRun.test.ts.
describe('a run keeps the dataset it trained on', () => {
  it('through the runs file', () => {
    const imported = importRunsJson(exportRunsJson([fashionRun(), finishedRun({ id: 'old' })]), 60_000);
    expect(imported.errors).toEqual([]);
    expect(imported.runs.map((r) => r.config.dataset)).toEqual(['fashion', undefined]);
  });

  it('and a file naming an unknown dataset is refused, naming the field', () => {
    const doc = JSON.parse(exportRunsJson([finishedRun()])) as { runs: { config: Record<string, unknown> }[] };
    doc.runs[0]!.config.dataset = 'cifar10';
    const imported = importRunsJson(JSON.stringify(doc), 60_000);
    expect(imported.runs).toEqual([]);
    expect(JSON.stringify(imported.errors)).toMatch(/config\.dataset.*Dataset must be one of mnist, fashion/);
  });
});
