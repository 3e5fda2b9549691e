import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { indexedDbAutoMemory, raceKey } from './autoMemory';
import type { RaceResult } from './autoRace';

const RACE: RaceResult = {
  laps: [
    { name: 'webgl', samplesPerS: 1600 },
    { name: 'wasm', samplesPerS: 6900 },
  ],
  measuredAt: Date.UTC(2026, 11, 4),
};

let count = 0;
const freshName = () => `auto-test-${++count}`;

afterEach(() => vi.unstubAllGlobals());

describe("Auto's memory of its races", () => {
  it('keeps a race per device and size class, across openings (a later visit)', async () => {
    const name = freshName();
    const key = raceKey('ANGLE (NVIDIA GeForce RTX 3060)', 'dense-p17-b5');
    expect(await indexedDbAutoMemory(name).recall(key)).toBeNull();
    expect(await indexedDbAutoMemory(name).remember(key, RACE)).toBeNull();
    const later = indexedDbAutoMemory(name);
    expect(await later.recall(key)).toEqual(RACE);
    expect(await later.recall(raceKey('ANGLE (NVIDIA GeForce RTX 3060)', 'dense-p17-b8'))).toBeNull();
    expect(await later.recall(raceKey('Apple M2', 'dense-p17-b5'))).toBeNull();
  });

  it('ignores a stored value it cannot read (another shape), rather than failing', async () => {
    const name = freshName();
    const key = raceKey('GPU', 'dense-p17-b5');
    await indexedDbAutoMemory(name).remember(key, RACE);
    const db = await openDB(name, 1);
    await db.put('races', { laps: 'fast', measuredAt: 'yesterday' }, key);
    db.close();
    expect(await indexedDbAutoMemory(name).recall(key)).toBeNull();
  });

  it('without IndexedDB remembers nothing, never throws, and says why', async () => {
    vi.stubGlobal('indexedDB', undefined);
    const memory = indexedDbAutoMemory(freshName());
    expect(await memory.recall('k')).toBeNull();
    expect(await memory.remember('k', RACE)).toBe(
      'this browser could not store it (Error: this browser has no IndexedDB here), so Auto measures again on the next visit',
    );
  });

  it('with storage full (the write refused) says so, and the race is simply not kept', async () => {
    const name = freshName();
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    const memory = indexedDbAutoMemory(name);
    expect(await memory.remember('k', RACE)).toBe(
      'this browser could not store it (QuotaExceededError: The quota has been exceeded.), so Auto measures again on the next visit',
    );
    vi.restoreAllMocks();
    expect(await memory.recall('k')).toBeNull();
  });
});
