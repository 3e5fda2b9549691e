import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { isRaceResult, type RaceResult } from './autoRace';

/**
 * Where Auto keeps its races, per device and model size class (see `sizeClass`), so a later visit
 * chooses without racing again. Storage may be missing (private windows, some embedded browsers)
 * or full: then nothing is remembered and Auto races each visit, and says why.
 */
export interface AutoMemory {
  /** The race kept under `key`, or null (none, unreadable, or no storage). Never rejects. */
  recall(key: string): Promise<RaceResult | null>;
  /** Keeps `race` under `key`. Resolves null once stored, or a sentence saying why it could not be. Never rejects. */
  remember(key: string, race: RaceResult): Promise<string | null>;
}

interface AutoSchema extends DBSchema {
  races: { key: string; value: RaceResult };
}

/** Bump when the key's meaning changes (what a device or size class is), so old races are not reused. */
const KEY_VERSION = 'v1';

/** The storage key of a race: this device (its WebGL renderer) and the model's size class. */
export const raceKey = (device: string, sizeClass: string) => `${KEY_VERSION}|${device}|${sizeClass}`;

const describe = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/** Auto's memory in the worker's IndexedDB (database `name`), opened on first use. */
export function indexedDbAutoMemory(name = 'batchnorm-playground-auto'): AutoMemory {
  let opened: Promise<IDBPDatabase<AutoSchema>> | null = null;
  const open = () => {
    if (typeof indexedDB === 'undefined') return Promise.reject(new Error('this browser has no IndexedDB here'));
    opened ??= openDB<AutoSchema>(name, 1, { upgrade: (db) => void db.createObjectStore('races') });
    return opened;
  };
  return {
    async recall(key) {
      try {
        const value: unknown = await (await open()).get('races', key);
        return isRaceResult(value) ? value : null;
      } catch {
        return null;
      }
    },
    async remember(key, race) {
      try {
        await (await open()).put('races', race, key);
        return null;
      } catch (error) {
        return `this browser could not store it (${describe(error)}), so Auto measures again on the next visit`;
      }
    },
  };
}
