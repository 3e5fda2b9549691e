import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createStore } from 'zustand/vanilla';
import type { RunRecord } from '../runs/runRecord';
import { appendSteps } from '../runs/stepSeries';
import { persistRuns, type RunsWriter } from './persistRuns';
import { restoreRun } from './restoreRun';
import { openRunsDb } from './runsDb';
import { makeRun } from './testing/runFixture';

interface State {
  runs: RunRecord[];
}

const newStore = (runs: RunRecord[] = []) => createStore<State>()(() => ({ runs }));
type Store = ReturnType<typeof newStore>;

/** A writer that records what it was asked to do: `put:id:status:steps` and `delete:id`. */
function recorder() {
  const log: string[] = [];
  const writer: RunsWriter = {
    putRun: vi.fn(async (r: RunRecord) => {
      log.push(`put:${r.id}:${r.status}:${r.series.length}`);
    }),
    deleteRun: vi.fn(async (id: string) => {
      log.push(`delete:${id}`);
    }),
  };
  return { log, writer };
}

const add = (store: Store, run: RunRecord) => store.setState((s) => ({ runs: [...s.runs, run] }));
const patch = (store: Store, id: string, change: (r: RunRecord) => Partial<RunRecord>) =>
  store.setState((s) => ({ runs: s.runs.map((r) => (r.id === id ? { ...r, ...change(r) } : r)) }));
const remove = (store: Store, id: string) => store.setState((s) => ({ runs: s.runs.filter((r) => r.id !== id) }));
/** One delivery of `n` steps from the worker. */
const steps = (store: Store, id: string, n = 10) =>
  patch(store, id, (r) => ({
    status: 'training',
    series: appendSteps(r.series, r.series.length + 1, new Float32Array(n).fill(0.5), new Float32Array(n).fill(0.8)),
  }));

beforeEach(() => {
  // IndexedDB (fake-indexeddb) schedules with setImmediate, which stays real.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('persistRuns', () => {
  it('saves a changed record at once when it is not active, and leaves unchanged ones alone', () => {
    const { log, writer } = recorder();
    const store = newStore([makeRun({ id: 'old' })]);
    persistRuns(store, writer);
    add(store, makeRun({ id: 'done', status: 'completed' }, 50));
    patch(store, 'done', () => ({ name: 'renamed' }));
    patch(store, 'done', () => ({ visible: false }));
    expect(log).toEqual(['put:done:completed:50', 'put:done:completed:50', 'put:done:completed:50']);
  });

  it('saves an active run at most every throttleMs, with its latest steps', () => {
    const { log, writer } = recorder();
    const store = newStore();
    persistRuns(store, writer, { throttleMs: 2000 });
    add(store, makeRun({ id: 'r', status: 'starting' }, 0));
    steps(store, 'r'); // starting → training: a new status, saved at once
    expect(log).toEqual(['put:r:starting:0', 'put:r:training:10']);

    for (let i = 0; i < 19; i++) {
      vi.advanceTimersByTime(100);
      steps(store, 'r');
    }
    expect(log).toHaveLength(2);
    vi.advanceTimersByTime(100); // 2000 ms after the last save
    expect(log).toEqual(['put:r:starting:0', 'put:r:training:10', 'put:r:training:200']);

    vi.advanceTimersByTime(10_000); // nothing new: nothing saved
    expect(log).toHaveLength(3);
    steps(store, 'r'); // long enough since the last save: saved at once
    expect(log.at(-1)).toBe('put:r:training:210');
  });

  it('saves a status change at once and drops the throttled save it supersedes', () => {
    const { log, writer } = recorder();
    const store = newStore();
    persistRuns(store, writer);
    add(store, makeRun({ id: 'r', status: 'training' }, 0));
    steps(store, 'r');
    steps(store, 'r');
    patch(store, 'r', () => ({ status: 'paused' }));
    steps(store, 'r');
    patch(store, 'r', () => ({ status: 'completed' }));
    vi.advanceTimersByTime(60_000);
    expect(log).toEqual(['put:r:training:0', 'put:r:paused:20', 'put:r:training:30', 'put:r:completed:30']);
  });

  it('deletes a run that left the store, without saving its pending steps', () => {
    const { log, writer } = recorder();
    const store = newStore([makeRun({ id: 'loaded' })]);
    persistRuns(store, writer);
    add(store, makeRun({ id: 'r', status: 'training' }, 0));
    steps(store, 'r');
    remove(store, 'r');
    remove(store, 'loaded');
    vi.advanceTimersByTime(60_000);
    expect(log).toEqual(['put:r:training:0', 'delete:r', 'delete:loaded']);
  });

  it('never saves or deletes a queued run, and saves it once it starts', () => {
    const { log, writer } = recorder();
    const store = newStore([makeRun({ id: 'q0', status: 'queued' }, 0)]);
    persistRuns(store, writer);
    add(store, makeRun({ id: 'q1', status: 'queued' }, 0));
    add(store, makeRun({ id: 'q2', status: 'queued' }, 0));
    patch(store, 'q1', () => ({ name: 'renamed' }));
    remove(store, 'q1');
    remove(store, 'q0');
    expect(log).toEqual([]);
    patch(store, 'q2', () => ({ status: 'starting' }));
    expect(log).toEqual(['put:q2:starting:0']);
  });

  it('flush saves throttled runs now and waits for the writes; stop stops watching', async () => {
    const held: (() => void)[] = [];
    const release = () => held.splice(0).forEach((resolve) => resolve());
    const { log, writer } = recorder();
    const putRun = writer.putRun;
    // Writes finish only when the test says so.
    writer.putRun = (r) => new Promise<void>((resolve) => held.push(resolve)).then(() => putRun(r));
    const store = newStore();
    const handle = persistRuns(store, writer);
    add(store, makeRun({ id: 'r', status: 'training' }, 0));
    steps(store, 'r');
    const flushed = handle.flush();
    let done = false;
    void flushed.then(() => (done = true));
    await Promise.resolve();
    expect(held).toHaveLength(2);
    expect(done).toBe(false);
    release();
    await flushed;
    expect(log).toEqual(['put:r:training:0', 'put:r:training:10']);

    steps(store, 'r');
    handle.stop();
    steps(store, 'r');
    vi.advanceTimersByTime(60_000);
    expect(log).toHaveLength(2);
  });

  it('reports a failed save once in words, and again after a save has worked', async () => {
    const onError = vi.fn();
    let full = true;
    const writer: RunsWriter = {
      putRun: async () => {
        if (full) throw new DOMException('quota', 'QuotaExceededError');
      },
      deleteRun: async () => {},
    };
    const store = newStore();
    const handle = persistRuns(store, writer, { onError });
    add(store, makeRun({ id: 'a' }));
    add(store, makeRun({ id: 'b' }));
    await handle.flush();
    expect(onError.mock.calls).toEqual([["Runs could not be saved: the browser's storage is full, so they will not survive a reload."]]);

    full = false;
    patch(store, 'a', () => ({ name: 'saved' }));
    full = true;
    patch(store, 'b', () => ({ name: 'not saved' }));
    await handle.flush();
    expect(onError).toHaveBeenCalledTimes(2);
  });

  it('keeps IndexedDB in step, so a reload restores a training run as interrupted', async () => {
    const db = await openRunsDb('persist-runs-test');
    const store = newStore();
    const handle = persistRuns(store, db);
    add(store, makeRun({ id: 'done', status: 'completed', createdAt: 1 }, 40));
    add(store, makeRun({ id: 'gone', status: 'completed', createdAt: 2 }, 40));
    add(store, makeRun({ id: 'live', status: 'training', createdAt: 3 }, 0));
    steps(store, 'live', 30);
    vi.advanceTimersByTime(2000);
    steps(store, 'live', 5); // throttled: not saved before the page "closes"
    remove(store, 'gone');
    await handle.flush();
    handle.stop();
    db.close();

    const reopened = await openRunsDb('persist-runs-test');
    const { runs, skipped } = await reopened.loadRuns();
    reopened.close();
    expect(skipped).toEqual([]);
    expect(runs.map((r) => [r.id, r.status, r.series.length])).toEqual([
      ['done', 'completed', 40],
      ['live', 'training', 35],
    ]);
    expect(runs.map(restoreRun).map((r) => r?.message ?? null)).toEqual([null, 'Interrupted at step 35: the page was closed or reloaded while it trained.']);
  });
});

describe('persistRuns with runs loaded from storage (perhaps another tab’s)', () => {
  it('writes a change to a loaded run as a patch of name and visibility, and runs made here whole', async () => {
    const { log, writer } = recorder();
    const patches: string[] = [];
    writer.patchRun = vi.fn(async (id: string, p: { name: string; visible: boolean }) => {
      patches.push(`patch:${id}:${p.name}:${p.visible}`);
      return true;
    });
    const store = newStore([restoreRun(makeRun({ id: 'theirs', status: 'training' }, 5))!]);
    const handle = persistRuns(store, writer, { throttleMs: 0 });
    patch(store, 'theirs', () => ({ visible: false }));
    add(store, makeRun({ id: 'mine', status: 'completed' }, 3));
    patch(store, 'mine', () => ({ visible: false }));
    await handle.flush();
    expect(patches).toEqual(['patch:theirs:' + store.getState().runs[0]!.name + ':false']);
    expect(log).toEqual(['put:mine:completed:3', 'put:mine:completed:3']);
    handle.stop();
  });
});
