import { describe, expect, it } from 'vitest';
import { defaultExperiment } from '../engine/config';
import { createRunRegistry } from './runRegistry';

describe('the run registry', () => {
  it('enters a run with a control at the learning rate asked for, continuing where `resume` says', () => {
    const runs = createRunRegistry();
    const { entry, control } = runs.add('a', defaultExperiment(), { snapshot: null, deliveredStep: 40, deliveredMs: 900 }, 0.01);
    expect(runs.get('a')).toBe(entry);
    expect(entry.control).toBe(control);
    expect(control.takeLearningRate()).toBe(0.01);
    expect(entry.delivered).toEqual({ step: 40, elapsedMs: 900 });
    expect(runs.size).toBe(1);
  });

  it('halts every run, lists each in one backendLost only, and gives back the halted ones to continue', () => {
    const runs = createRunRegistry();
    const a = runs.add('a', defaultExperiment(), null, null);
    runs.add('b', defaultExperiment(), null, null);
    runs.haltAll();
    expect(a.control.isHalted).toBe(true);
    expect(runs.announce()).toEqual(['a', 'b']);
    runs.add('c', defaultExperiment(), null, null);
    expect(runs.announce()).toEqual(['c']);
    expect(runs.halted()).toEqual([
      { runId: 'a', step: 0 },
      { runId: 'b', step: 0 },
      { runId: 'c', step: 0 },
    ]);
    a.entry.control = null;
    expect(runs.takeHalted().map(([id]) => id)).toEqual(['a']);
    expect(runs.has('a')).toBe(false);
    expect(runs.control('b')).not.toBeNull();
    runs.clearAnnounced();
    expect(runs.announce()).toEqual(['b', 'c']);
  });

  it('settles once every training loop has said it finished', async () => {
    const runs = createRunRegistry();
    const a = runs.add('a', defaultExperiment(), null, null);
    let settled = false;
    void runs.settled().then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    a.finished();
    await new Promise((r) => setTimeout(r, 0));
    expect(settled).toBe(true);
  });
});
