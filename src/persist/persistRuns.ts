import { isActiveStatus, type RunRecord, type RunStatus } from '../runs/runRecord';
import { toPersistError, type PersistAction } from './persistError';
import type { RunsDb } from './runsDb';

/** The part of a store persistRuns needs; a zustand `StoreApi` whose state has `runs` fits. */
export interface RunsSource<S extends { runs: readonly RunRecord[] }> {
  getState(): S;
  subscribe(listener: (state: S, prev: S) => void): () => void;
}

/** Without `patchRun`, changes to loaded runs are written whole with `putRun`. */
export type RunsWriter = Pick<RunsDb, 'putRun' | 'deleteRun'> & Partial<Pick<RunsDb, 'patchRun'>>;

export interface PersistOptions {
  /** Least time between two saves of one active run whose status has not changed, in ms. Default 2000. */
  throttleMs?: number;
  /**
   * Called with a plain sentence when a save or delete fails, e.g. "Runs could not be saved: the
   * browser's storage is full, so they will not survive a reload."; the same message is not repeated until a write succeeds again.
   */
  onError?(message: string): void;
}

export interface PersistHandle {
  /** Saves throttled runs now (e.g. on `visibilitychange` to hidden); resolves when every write so far has settled. Never rejects. */
  flush(): Promise<void>;
  /** Stops watching the store and drops throttled saves not yet made (flush first to keep them). */
  stop(): void;
}

export const DEFAULT_THROTTLE_MS = 2000;

/**
 * Keeps the database in step with `store.getState().runs`. Runs present when it starts are taken
 * as saved already (start it right after putting the loaded runs in the store). Afterwards, by
 * object identity: a changed record is saved, a record gone from `runs` is deleted. An active run
 * (starting, training, paused) is saved at most every `throttleMs`, except that a new status is
 * saved at once; finished runs are saved at once; queued runs are not saved.
 * Runs present at the start may belong to another tab, which may still be training them and
 * saving newer copies: a change to one of those (only its name or visibility can change here) is
 * written with `patchRun` onto the stored record, never as this tab's older copy.
 */
export function persistRuns<S extends { runs: readonly RunRecord[] }>(store: RunsSource<S>, db: RunsWriter, options: PersistOptions = {}): PersistHandle {
  const throttleMs = options.throttleMs ?? DEFAULT_THROTTLE_MS;
  /** The record object last seen for each id, saved or not. */
  const seen = new Map<string, RunRecord>();
  /** Status of the last save asked for, per id; an id here exists in the database. */
  const savedStatus = new Map<string, RunStatus>();
  const lastSaveAt = new Map<string, number>();
  const pending = new Map<string, { record: RunRecord; timer: ReturnType<typeof setTimeout> }>();
  const writes = createWriteTracker(options.onError);
  /** Runs loaded from storage before this tab started watching (see above). */
  const loaded = new Set<string>();

  for (const record of store.getState().runs) {
    loaded.add(record.id);
    seen.set(record.id, record);
    if (record.status !== 'queued') savedStatus.set(record.id, record.status);
  }

  const cancelPending = (id: string): void => {
    const entry = pending.get(id);
    if (entry) clearTimeout(entry.timer);
    pending.delete(id);
  };

  const save = (record: RunRecord): void => {
    cancelPending(record.id);
    savedStatus.set(record.id, record.status);
    lastSaveAt.set(record.id, Date.now());
    const patchRun = db.patchRun?.bind(db);
    if (patchRun && loaded.has(record.id))
      writes.track('save', () => patchRun(record.id, { name: record.name, visible: record.visible }).then(() => undefined));
    else writes.track('save', () => db.putRun(record));
  };

  const consider = (record: RunRecord): void => {
    if (record.status === 'queued') return;
    const throttled = isActiveStatus(record.status) && savedStatus.get(record.id) === record.status;
    const wait = throttled ? (lastSaveAt.get(record.id) ?? -Infinity) + throttleMs - Date.now() : 0;
    if (wait <= 0) return save(record);
    const entry = pending.get(record.id);
    if (entry) entry.record = record;
    else pending.set(record.id, { record, timer: setTimeout(() => save(pending.get(record.id)?.record ?? record), wait) });
  };

  const remove = (id: string): void => {
    cancelPending(id);
    seen.delete(id);
    lastSaveAt.delete(id);
    loaded.delete(id);
    if (savedStatus.delete(id)) writes.track('delete', () => db.deleteRun(id));
  };

  const unsubscribe = store.subscribe((state, prev) => {
    if (state.runs === prev.runs) return;
    const ids = new Set(state.runs.map((r) => r.id));
    for (const id of [...seen.keys()]) if (!ids.has(id)) remove(id);
    for (const record of state.runs) {
      if (seen.get(record.id) === record) continue;
      seen.set(record.id, record);
      consider(record);
    }
  });

  return {
    async flush() {
      for (const { record } of [...pending.values()]) save(record);
      await writes.settled();
    },
    stop() {
      unsubscribe();
      for (const id of [...pending.keys()]) cancelPending(id);
    },
  };
}

/**
 * Writes under way, so a flush can wait for them; a failed one is reported to `onError` as a
 * sentence (see `toPersistError`), the same message once until a write succeeds again.
 */
function createWriteTracker(onError?: (message: string) => void) {
  const inFlight = new Set<Promise<void>>();
  let lastError: string | null = null;
  return {
    /** Starts `write` (a throw counts as a failure); never rejects. */
    track(action: PersistAction, write: () => Promise<void>): void {
      let promise: Promise<void>;
      try {
        promise = write();
      } catch (error) {
        promise = Promise.reject(error);
      }
      const settled = promise.then(
        () => {
          lastError = null;
        },
        (error: unknown) => {
          const message = toPersistError(action, error).message;
          if (message === lastError) return;
          lastError = message;
          onError?.(message);
        },
      );
      inFlight.add(settled);
      void settled.finally(() => inFlight.delete(settled));
    },
    /** Resolves when every write started so far has settled. */
    settled: () => Promise.all([...inFlight]).then(() => {}),
  };
}
