import type { StateCreator, StoreApi } from 'zustand';
import type { ExperimentConfig } from '../engine/config';
import { LIMITS } from '../engine/schema';
import type { RunPlan } from '../runs/comparison';
import { hasWaiting, nextSlotIds, plannedRuns } from '../runs/runQueue';
import { isActiveStatus, type RunRecord } from '../runs/runRecord';
import type { AppState, StoreDeps } from './appState';
import { runEventPatch, type RunEvent } from './runEventPatch';

export interface RunsSlice {
  /** Every run, oldest first: finished, training and queued. */
  runs: RunRecord[];
  /** Trains one network now. Ignored while other runs train or wait. */
  startRun(config: ExperimentConfig): void;
  /**
   * Trains a comparison: the first group now, the others queued behind it. `options.landscape`:
   * the runs also measure the loss landscape at their probes. Returns the new runs' ids (none
   * while other runs train or wait).
   */
  startPlan(plan: RunPlan, options?: { landscape?: boolean }): string[];
  pauseRuns(): void;
  /** Resumes the paused runs; after a lost GPU context that means continuing on WebAssembly. */
  resumeRuns(): void;
  /** Stops the training runs and cancels the queue. */
  stopRuns(): void;
  cancelQueue(): void;
  /** A new learning rate for the training runs, unless they differ in it (a learning-rate comparison). */
  changeLearningRate(learningRate: number): void;
  onRunEvent(event: RunEvent): void;
}

type SetState = StoreApi<AppState>['setState'];

/** Replaces run `id` with its `patch`. */
export const updateRun = (set: SetState, id: string, patch: (run: RunRecord) => Partial<RunRecord>) =>
  set((s) => ({ runs: s.runs.map((r) => (r.id === id ? { ...r, ...patch(r) } : r)) }));

export const activeRunIds = (s: AppState) => s.runs.filter((r) => isActiveStatus(r.status)).map((r) => r.id);

const sendTrain = (deps: StoreDeps, run: RunRecord) =>
  deps.client.send({ type: 'train', runId: run.id, config: run.config, ...(run.landscape ? { landscape: true } : {}) });

/** When nothing trains, the lowest queue slot starts (all its runs together). */
export function startNextSlot(set: SetState, get: () => AppState, deps: StoreDeps): void {
  const ids = nextSlotIds(get().runs);
  if (ids.size === 0) return;
  set((s) => ({ runs: s.runs.map((r) => (ids.has(r.id) ? { ...r, status: 'starting', createdAt: Date.now() } : r)) }));
  get()
    .runs.filter((r) => ids.has(r.id))
    .forEach((r) => sendTrain(deps, r));
}

/** Runs in training: started, queued, controlled, and changed by the worker's events about them. */
export const createRunsSlice =
  (deps: StoreDeps): StateCreator<AppState, [], [], RunsSlice> =>
  (set, get) => ({
    runs: [],
    startRun(config) {
      get().startPlan([[config]]);
    },
    startPlan(plan, options = {}) {
      const existing = get().runs;
      if (hasWaiting(existing) || plan.length === 0) return [];
      const created = plannedRuns(plan, existing).map((r) => (options.landscape ? { ...r, landscape: true } : r));
      set({ workerError: null, runs: [...existing, ...created] });
      created.filter((r) => r.status === 'starting').forEach((r) => sendTrain(deps, r));
      return created.map((r) => r.id);
    },
    pauseRuns() {
      activeRunIds(get()).forEach((runId) => deps.client.send({ type: 'pause', runId }));
    },
    resumeRuns() {
      if (get().backendLoss) return get().continueOnWasm();
      activeRunIds(get()).forEach((runId) => deps.client.send({ type: 'resume', runId }));
    },
    stopRuns() {
      get().cancelQueue();
      activeRunIds(get()).forEach((runId) => deps.client.send({ type: 'stop', runId }));
    },
    cancelQueue() {
      set((s) => ({ runs: s.runs.filter((r) => r.status !== 'queued') }));
    },
    changeLearningRate(learningRate) {
      if (!(learningRate > 0 && learningRate <= LIMITS.maxLearningRate)) return;
      const active = get().runs.filter((r) => isActiveStatus(r.status));
      // Runs compared on their learning rate keep theirs: one new rate would erase the comparison.
      if (new Set(active.map((r) => r.config.train.learningRate)).size > 1) return;
      active.forEach((r) => deps.client.send({ type: 'setLearningRate', runId: r.id, learningRate }));
    },
    onRunEvent(event) {
      updateRun(set, event.runId, (r) => runEventPatch(r, event, get().backend));
      if (event.type !== 'runEnded' && event.type !== 'runFailed') return;
      // The last halted run ended: the backend moves to WebAssembly now.
      const loss = get().backendLoss;
      if (loss && !get().runs.some((r) => loss.runIds.includes(r.id) && isActiveStatus(r.status))) get().continueOnWasm();
      startNextSlot(set, get, deps);
    },
  });
