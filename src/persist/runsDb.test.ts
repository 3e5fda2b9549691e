import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PersistError } from './persistError';
import { openRunsDb, type RunsDb } from './runsDb';
import { STORED_RUN_VERSION, toStoredRun } from './storedRun';
import { makeRun } from './testing/runFixture';

let dbCount = 0;
const opened: RunsDb[] = [];
/** A fresh database per test, so tests share nothing. */
async function freshDb(): Promise<{ db: RunsDb; name: string }> {
  dbCount += 1;
  const name = `runs-test-${dbCount}`;
  const db = await openRunsDb(name);
  opened.push(db);
  return { db, name };
}

/** The float32 bits, so NaN payloads and -0 count and nothing is compared loosely. */
const bits = (a: Float32Array, length: number) => Array.from(new Uint32Array(a.buffer, a.byteOffset, length));

afterEach(() => {
  for (const db of opened.splice(0)) db.close();
  vi.unstubAllGlobals();
});

describe('runsDb', () => {
  it('round-trips a full record, series bit for bit and smoothed curves recomputed', async () => {
    const { db } = await freshDb();
    const run = makeRun({}, 250);
    expect(run.series.loss.length).toBeGreaterThan(250);
    await db.putRun(run);
    const { runs, skipped } = await db.loadRuns();
    expect(skipped).toEqual([]);
    expect(runs).toHaveLength(1);
    const loaded = runs[0]!;
    const { series, ...rest } = loaded;
    const { series: original, ...originalRest } = run;
    expect(rest).toEqual(originalRest);
    expect(series.length).toBe(250);
    expect(bits(series.loss, 250)).toEqual(bits(original.loss, 250));
    expect(bits(series.accuracy, 250)).toEqual(bits(original.accuracy, 250));
    expect(bits(series.lossSmooth, 250)).toEqual(bits(original.lossSmooth, 250));
    expect(bits(series.accuracySmooth, 250)).toEqual(bits(original.accuracySmooth, 250));
  });

  it('stores the compact, versioned form: arrays trimmed, no smoothed curves', async () => {
    const { db, name } = await freshDb();
    await db.putRun(makeRun({ id: 'compact' }, 100));
    const raw = await openDB(name);
    const stored: unknown = await raw.get('runs', 'compact');
    raw.close();
    expect(stored).toMatchObject({ version: STORED_RUN_VERSION, series: { length: 100 } });
    expect(stored).toHaveProperty('series.loss.length', 100);
    expect(stored).not.toHaveProperty('series.lossSmooth');
  });

  it('round-trips a run with no steps yet', async () => {
    const { db } = await freshDb();
    await db.putRun(makeRun({ status: 'starting', progress: null, epochs: [], timeMarks: [], test: null }, 0));
    const { runs } = await db.loadRuns();
    expect(runs[0]?.series.length).toBe(0);
    expect(runs[0]?.status).toBe('starting');
  });

  it('loads oldest first, replaces on put, deletes and clears', async () => {
    const { db } = await freshDb();
    await db.putRun(makeRun({ id: 'b', createdAt: 2 }));
    await db.putRun(makeRun({ id: 'c', createdAt: 3 }));
    await db.putRun(makeRun({ id: 'a', createdAt: 1 }));
    await db.putRun(makeRun({ id: 'b', createdAt: 2, name: 'renamed' }));
    let { runs } = await db.loadRuns();
    expect(runs.map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect(runs[1]?.name).toBe('renamed');

    await db.deleteRun('b');
    await db.deleteRun('never-saved');
    ({ runs } = await db.loadRuns());
    expect(runs.map((r) => r.id)).toEqual(['a', 'c']);

    await db.clearRuns();
    expect(await db.loadRuns()).toEqual({ runs: [], skipped: [] });
  });

  it('skips and reports records that fail the shape check or come from a newer version', async () => {
    const { db, name } = await freshDb();
    await db.putRun(makeRun({ id: 'good' }));
    const raw = await openDB(name);
    const valid = toStoredRun(makeRun({ id: 'x' }));
    await raw.put('runs', { ...valid, id: 'bad-status', status: 'exploded' });
    await raw.put('runs', { ...valid, id: 'bad-series', series: { ...valid.series, length: 999 } });
    await raw.put('runs', { ...valid, id: 'bad-config', config: { model: {} } });
    await raw.put('runs', { id: 'no-version' });
    await raw.put('runs', { ...valid, id: 'newer', version: STORED_RUN_VERSION + 1 });
    raw.close();

    const { runs, skipped } = await db.loadRuns();
    expect(runs.map((r) => r.id)).toEqual(['good']);
    expect(Object.fromEntries(skipped.map((s) => [s.id, s.reason]))).toEqual({
      'bad-status': 'status: unknown status',
      'bad-series': 'series: series arrays do not match its length',
      'bad-config': expect.stringMatching(/^config\.model\./),
      'no-version': 'unknown record version undefined',
      newer: `saved by a newer version of this page (record version ${STORED_RUN_VERSION + 1})`,
    });
  });

  it('rejects with a PersistError when a record cannot be stored', async () => {
    const { db } = await freshDb();
    // A stray function (say, a callback left on a record) cannot be structured-cloned.
    const unclonable = Object.assign(makeRun(), { onDone: () => undefined });
    const error = await db.putRun(unclonable).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PersistError);
    expect(error).toMatchObject({ code: 'failed', message: expect.stringMatching(/^Runs could not be saved: .+\.$/) });
  });

  it('rejects with a clear message when IndexedDB is unavailable', async () => {
    vi.stubGlobal('indexedDB', undefined);
    await expect(openRunsDb('nowhere')).rejects.toMatchObject({
      name: 'PersistError',
      code: 'unavailable',
      message: 'Runs will not be kept after a reload: this browser does not allow saving data here (private browsing can turn it off).',
    });
  });

  it('rejects when the database was written by a newer version of the page', async () => {
    const raw = await openDB('runs-test-newer', 99);
    raw.close();
    await expect(openRunsDb('runs-test-newer')).rejects.toMatchObject({
      code: 'newerVersion',
      message: 'Runs will not be kept after a reload: they were saved by a newer version of this page. Reload to update it.',
    });
  });

  it('closes itself when another tab needs a newer version', async () => {
    const { db, name } = await freshDb();
    const newer = await openDB(name, 2);
    newer.close();
    await expect(db.loadRuns()).rejects.toMatchObject({ code: 'failed', message: expect.stringMatching(/^Saved runs could not be read: /) });
  });
});

describe('runsDb.patchRun: how a run is shown, changed on the record as stored now', () => {
  it('keeps every other field of the stored record (a newer save by another tab) and reports a run that is gone', async () => {
    const { db } = await freshDb();
    const older = makeRun({ id: 'r1', status: 'training' }, 10);
    const newer = { ...makeRun({ id: 'r1', status: 'stopped' }, 40), name: older.name };
    await db.putRun(newer);
    expect(await db.patchRun('r1', { name: 'mine', visible: false })).toBe(true);
    const [run] = (await db.loadRuns()).runs;
    expect(run).toMatchObject({ id: 'r1', status: 'stopped', name: 'mine', visible: false });
    expect(run!.series.length).toBe(40);
    expect(await db.patchRun('gone', { name: 'x', visible: true })).toBe(false);
    expect((await db.loadRuns()).runs).toHaveLength(1);
  });
});
