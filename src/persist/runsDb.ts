import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { RunRecord } from '../runs/runRecord';
import { toPersistError, unavailable } from './persistError';
import { fromStoredRun, toStoredRun, type StoredRun } from './storedRun';

/**
 * IndexedDB version: bump it when object stores or indexes change and add a step to `upgrade`.
 * Changes to the record shape alone bump STORED_RUN_VERSION instead.
 */
export const RUNS_DB_VERSION = 1;
const STORE = 'runs';

interface RunsSchema extends DBSchema {
  runs: { key: string; value: StoredRun };
}

/** The fields of a run that any tab may change, whichever tab trained it. */
export type RunDisplay = Pick<RunRecord, 'name' | 'visible'>;

/** A saved record that `loadRuns` left out, with its key and why (shape check or version). */
export interface SkippedRun {
  id: string;
  reason: string;
}

export interface LoadedRuns {
  /** Oldest first (by `createdAt`), exactly as saved: pass each through `restoreRun` before use. */
  runs: RunRecord[];
  /** Records that failed the shape check; they stay in the database until `clearRuns`. */
  skipped: SkippedRun[];
}

/**
 * The runs database. Every method rejects with a PersistError whose message can be shown as is;
 * writes resolve once the transaction has committed.
 */
export interface RunsDb {
  /** Saves (or replaces) a run, series trimmed to its length; the record is copied synchronously. */
  putRun(record: RunRecord): Promise<void>;
  deleteRun(id: string): Promise<void>;
  /**
   * Changes only how a saved run is shown (name, visibility), in one transaction on the record as
   * stored now, so a tab that loaded the run earlier never writes back its older copy over what
   * the tab training it saved since. Resolves false (writing nothing) when the run is gone.
   */
  patchRun(id: string, patch: RunDisplay): Promise<boolean>;
  clearRuns(): Promise<void>;
  loadRuns(): Promise<LoadedRuns>;
  /** Closes the connection; later calls reject. */
  close(): void;
}

/**
 * Opens (creating or upgrading) the runs database. Rejects with a PersistError when IndexedDB is
 * missing or refused (`unavailable`), or was written by a newer page (`newerVersion`).
 * If another tab later needs a newer version, this connection closes itself so that tab can upgrade.
 */
export async function openRunsDb(name = 'batchnorm-playground'): Promise<RunsDb> {
  if (typeof indexedDB === 'undefined') throw unavailable();
  let db: IDBPDatabase<RunsSchema>;
  try {
    db = await openDB<RunsSchema>(name, RUNS_DB_VERSION, {
      upgrade(database, oldVersion) {
        if (oldVersion < 1) database.createObjectStore(STORE, { keyPath: 'id' });
      },
      blocking() {
        db.close();
      },
    });
  } catch (error) {
    throw toPersistError('open', error);
  }
  return {
    async putRun(record) {
      try {
        await db.put(STORE, toStoredRun(record));
      } catch (error) {
        throw toPersistError('save', error);
      }
    },
    async deleteRun(id) {
      try {
        await db.delete(STORE, id);
      } catch (error) {
        throw toPersistError('delete', error);
      }
    },
    async patchRun(id, patch) {
      try {
        const tx = db.transaction(STORE, 'readwrite');
        const stored = await tx.store.get(id);
        if (stored) await tx.store.put({ ...stored, name: patch.name, visible: patch.visible });
        await tx.done;
        return stored !== undefined;
      } catch (error) {
        throw toPersistError('save', error);
      }
    },
    async clearRuns() {
      try {
        await db.clear(STORE);
      } catch (error) {
        throw toPersistError('clear', error);
      }
    },
    async loadRuns() {
      let keys: string[];
      let values: unknown[];
      try {
        const tx = db.transaction(STORE, 'readonly');
        [keys, values] = await Promise.all([tx.store.getAllKeys(), tx.store.getAll(), tx.done]);
      } catch (error) {
        throw toPersistError('load', error);
      }
      const runs: RunRecord[] = [];
      const skipped: SkippedRun[] = [];
      values.forEach((value, i) => {
        const read = fromStoredRun(value);
        if (read.ok) runs.push(read.value);
        else skipped.push({ id: keys[i] ?? '?', reason: read.error });
      });
      runs.sort((a, b) => a.createdAt - b.createdAt);
      return { runs, skipped };
    },
    close() {
      db.close();
    },
  };
}
