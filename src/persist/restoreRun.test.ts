import { describe, expect, it } from 'vitest';
import { ACTIVE_STATUSES, FINISHED_STATUSES } from '../runs/runRecord';
import { restoreRun } from './restoreRun';
import { makeRun } from './testing/runFixture';

describe('restoreRun', () => {
  it.each(ACTIVE_STATUSES)('turns a %s run into an interrupted one that keeps its progress', (status) => {
    const run = makeRun({ status }, 120);
    const restored = restoreRun(run);
    expect(restored).toEqual({
      ...run,
      status: 'interrupted',
      message: 'Interrupted at step 120: the page was closed or reloaded while it trained.',
    });
    expect(restored?.series).toBe(run.series);
    expect(restored?.progress).toBe(run.progress);
    expect(run.status).toBe(status);
  });

  it('drops a queued run that never started', () => {
    expect(restoreRun(makeRun({ status: 'queued' }, 0))).toBeNull();
  });

  it.each(FINISHED_STATUSES)('returns a %s run unchanged', (status) => {
    const run = makeRun({ status, message: status === 'completed' ? null : 'why it ended' });
    expect(restoreRun(run)).toBe(run);
  });
});
