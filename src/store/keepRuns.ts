import { describeError } from '../data/dataError';
import type { AppStore } from './createAppStore';
import { persistRuns } from '../persist/persistRuns';
import { restoreRun } from '../persist/restoreRun';
import { openRunsDb } from '../persist/runsDb';

/**
 * Puts the runs saved in this browser back in the store (a run cut off by a reload comes back
 * interrupted), then keeps the database in step with the store. Storage trouble becomes a notice;
 * the playground works on without it.
 */
export async function keepRuns(store: AppStore, dbName?: string): Promise<void> {
  const notify = store.getState().notify;
  try {
    const db = await openRunsDb(dbName);
    const { runs, skipped } = await db.loadRuns();
    const restored = runs.map(restoreRun).filter((r) => r !== null);
    store.getState().addRuns(restored);
    if (skipped.length)
      notify(
        'warning',
        `${skipped.length} saved ${skipped.length === 1 ? 'run' : 'runs'} could not be read and ${skipped.length === 1 ? 'was' : 'were'} left out.`,
      );
    const handle = persistRuns(store, db, { onError: (message) => notify('error', message) });
    // A closing tab may not wait for a throttled save: write now while the page is being hidden.
    addEventListener('pagehide', () => void handle.flush());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') void handle.flush();
    });
  } catch (error) {
    // PersistError messages are whole sentences, e.g. "Runs will not be kept after a reload: …".
    notify('warning', describeError(error));
  }
}
