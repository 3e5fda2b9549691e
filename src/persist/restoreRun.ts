import { isActiveStatus, type RunRecord } from '../runs/runRecord';

/**
 * What a saved run becomes when the page loads again. Pure; returns `record` itself when nothing changes.
 * - `starting`/`training`/`paused`: its worker is gone, so it becomes `interrupted`, keeping the
 *   steps, epochs and progress it had saved (saves of a training run are throttled, so the last
 *   second or two may be missing).
 * - `queued`: never started and holds nothing worth keeping, so it is dropped (null).
 * - finished runs: unchanged.
 */
export function restoreRun(record: RunRecord): RunRecord | null {
  if (record.status === 'queued') return null;
  if (!isActiveStatus(record.status)) return record;
  return {
    ...record,
    status: 'interrupted',
    message: `Interrupted at step ${record.series.length}: the page was closed or reloaded while it trained.`,
  };
}
