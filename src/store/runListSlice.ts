import type { StateCreator } from 'zustand';
import { isActiveStatus, type RunRecord } from '../runs/runRecord';
import type { AppState, StoreDeps } from './appState';
import { activeRunIds, startNextSlot, updateRun } from './runsSlice';

/** The list of runs as the user edits it: names, visibility, deletions, and runs added from storage or a file. */
export interface RunListSlice {
  renameRun(id: string, name: string): void;
  setRunVisible(id: string, visible: boolean): void;
  /** Stops the run if it trains; the queue moves on. */
  deleteRun(id: string): void;
  clearRuns(): void;
  /** Adds finished runs (restored from storage or imported); runs whose id exists already are skipped. Returns how many were added. */
  addRuns(records: RunRecord[]): number;
}

export const MAX_NAME_LENGTH = 80;

export const createRunListSlice =
  (deps: StoreDeps): StateCreator<AppState, [], [], RunListSlice> =>
  (set, get) => ({
    renameRun(id, name) {
      const trimmed = name.trim().slice(0, MAX_NAME_LENGTH);
      if (trimmed) updateRun(set, id, () => ({ name: trimmed }));
    },
    setRunVisible(id, visible) {
      updateRun(set, id, () => ({ visible }));
    },
    deleteRun(id) {
      const run = get().runs.find((r) => r.id === id);
      if (!run) return;
      if (isActiveStatus(run.status)) deps.client.send({ type: 'stop', runId: id });
      set((s) => ({ runs: s.runs.filter((r) => r.id !== id) }));
      startNextSlot(set, get, deps);
    },
    clearRuns() {
      activeRunIds(get()).forEach((runId) => deps.client.send({ type: 'stop', runId }));
      set({ runs: [] });
    },
    addRuns(records) {
      const ids = new Set(get().runs.map((r) => r.id));
      const fresh = records.filter((r) => !ids.has(r.id) && !isActiveStatus(r.status) && r.status !== 'queued');
      if (fresh.length) set((s) => ({ runs: [...s.runs, ...fresh].sort((a, b) => a.createdAt - b.createdAt) }));
      return fresh.length;
    },
  });
