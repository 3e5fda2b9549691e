import { describe, expect, it } from 'vitest';
import { defaultExperiment } from '../engine/config';
import { nextSlotIds, plannedRuns } from './runQueue';
import { blankRun } from './testing/blankRun';

const withLr = (learningRate: number) => {
  const c = defaultExperiment();
  c.train.learningRate = learningRate;
  return c;
};

describe('a plan of runs', () => {
  it('enters as one group: slot 0 starting, later slots queued, each with its own name and colour', () => {
    const existing = [blankRun({ id: 'old', name: 'taken', colorIndex: 0 })];
    const runs = plannedRuns([[withLr(0.001), withLr(0.01)], [withLr(0.1)]], existing);
    expect(runs.map((r) => [r.status, r.queueSlot])).toEqual([
      ['starting', 0],
      ['starting', 0],
      ['queued', 1],
    ]);
    expect(new Set(runs.map((r) => r.groupId)).size).toBe(1);
    expect(runs[0]!.groupId).not.toBeNull();
    expect(new Set(runs.map((r) => r.name)).size).toBe(3);
    expect(runs.map((r) => r.colorIndex)).not.toContain(0);
    expect(new Set(runs.map((r) => r.colorIndex)).size).toBe(3);
  });

  it('of one run has no group, and a name already taken gets a suffix', () => {
    const [first] = plannedRuns([[defaultExperiment()]], []);
    const [second] = plannedRuns([[defaultExperiment()]], [first!]);
    expect(first!.groupId).toBeNull();
    expect(second!.name).not.toBe(first!.name);
  });
});

describe('the queue', () => {
  it('starts the lowest slot, all its runs together, only when nothing trains', () => {
    const queued = [
      blankRun({ id: 'a', status: 'queued', queueSlot: 2 }),
      blankRun({ id: 'b', status: 'queued', queueSlot: 1 }),
      blankRun({ id: 'c', status: 'queued', queueSlot: 1 }),
    ];
    expect([...nextSlotIds(queued)]).toEqual(['b', 'c']);
    expect(nextSlotIds([...queued, blankRun({ id: 't', status: 'paused' })]).size).toBe(0);
    expect(nextSlotIds([blankRun()]).size).toBe(0);
  });
});
