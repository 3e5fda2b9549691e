import type { StateCreator } from 'zustand';
import type { ExperimentConfig } from '../engine/config';
import { LIMITS } from '../engine/schema';
import type { RunPlan } from '../runs/comparison';
import { nextColorIndex } from '../runs/runPalette';
import { runName, uniqueName } from '../runs/runName';
import { backendLostMessage, outcomeMessage } from '../runs/runMessages';
import { isActiveStatus, newRunId, newRunRecord, type RunRecord } from '../runs/runRecord';
import { compilesGpuPrograms, type BackendInfo, type WorkerEvent } from '../worker/protocol';
import type { AppState, StoreDeps } from './appState';
import { appendSteps } from '../runs/stepSeries';

export type RunEvent = Extract<
  WorkerEvent,
  { type: 'runStarted' | 'steps' | 'epoch' | 'learningRate' | 'inputStats' | 'paused' | 'resumed' | 'runEnded' | 'runFailed' }
>;

/** Runs halted because the device under the backend was lost, until they continue. */
export interface BackendLoss {
  reason: string;
  runIds: string[];
}

export interface RunsSlice {
  /** Every run, oldest first: finished, training and queued. */
  runs: RunRecord[];
  backend: BackendInfo | null;
  /** False while a GPU backend still compiles its programs for the loaded data (see `backendWarm`); true on wasm and cpu. */
  backendWarm: boolean;
  workerError: string | null;
  /** Set while runs wait after a lost GPU context (they show as paused, with a message). */
  backendLoss: BackendLoss | null;
  /** Trains one network now. Ignored while other runs train or wait. */
  startRun(config: ExperimentConfig): void;
  /** Trains a comparison: the first group now, the others queued behind it. */
  startPlan(plan: RunPlan): void;
  pauseRuns(): void;
  /** Resumes the paused runs; after a lost GPU context that means continuing on WebAssembly. */
  resumeRuns(): void;
  /**
   * After a lost GPU context: the worker starts WebAssembly, uploads the data again, and the
   * halted runs continue from their last snapshots (their charts go on from the next step).
   */
  continueOnWasm(): void;
  /** Stops the training runs and cancels the queue. */
  stopRuns(): void;
  cancelQueue(): void;
  /** A new learning rate for the training runs, unless they differ in it (a learning-rate comparison). */
  changeLearningRate(learningRate: number): void;
  renameRun(id: string, name: string): void;
  setRunVisible(id: string, visible: boolean): void;
  deleteRun(id: string): void;
  clearRuns(): void;
  /** Adds finished runs (restored from storage or imported); runs whose id exists already are skipped. */
  addRuns(records: RunRecord[]): number;
  onRunEvent(event: RunEvent): void;
  onBackend(backend: BackendInfo): void;
  onBackendWarm(name: BackendInfo['name']): void;
  /** Halted runs show as paused with a message; with none halted, training moves to WebAssembly at once. */
  onBackendLost(event: Extract<WorkerEvent, { type: 'backendLost' }>): void;
  /** `fatal`: the worker was replaced, so its runs are lost. */
  onWorkerError(message: string, fatal: boolean): void;
}

export const MAX_NAME_LENGTH = 80;

const describeBackend = (b: BackendInfo) => `${b.name} (${b.detail})`;

const hasActive = (runs: RunRecord[]) => runs.some((r) => isActiveStatus(r.status));
const hasWaiting = (runs: RunRecord[]) => runs.some((r) => isActiveStatus(r.status) || r.status === 'queued');

export const createRunsSlice =
  (deps: StoreDeps): StateCreator<AppState, [], [], RunsSlice> =>
  (set, get) => {
    const update = (id: string, patch: (run: RunRecord) => Partial<RunRecord>) =>
      set((s) => ({ runs: s.runs.map((r) => (r.id === id ? { ...r, ...patch(r) } : r)) }));
    const activeIds = () => get().runs.filter((r) => isActiveStatus(r.status)).map((r) => r.id);
    const sendTrain = (run: RunRecord) => deps.client.send({ type: 'train', runId: run.id, config: run.config });

    /** When nothing trains, the lowest queue slot starts (all its runs together). */
    const startNextSlot = () => {
      const runs = get().runs;
      if (hasActive(runs)) return;
      const queued = runs.filter((r) => r.status === 'queued');
      if (queued.length === 0) return;
      const slot = Math.min(...queued.map((r) => r.queueSlot));
      const starting = queued.filter((r) => r.queueSlot === slot);
      const ids = new Set(starting.map((r) => r.id));
      set((s) => ({ runs: s.runs.map((r) => (ids.has(r.id) ? { ...r, status: 'starting', createdAt: Date.now() } : r)) }));
      get()
        .runs.filter((r) => ids.has(r.id))
        .forEach(sendTrain);
    };

    const finish = (id: string, patch: Partial<RunRecord>) => {
      update(id, () => patch);
      // The last halted run was stopped: nothing waits, so the backend moves to WebAssembly now.
      const loss = get().backendLoss;
      if (loss && !get().runs.some((r) => loss.runIds.includes(r.id) && isActiveStatus(r.status))) get().continueOnWasm();
      startNextSlot();
    };

    return {
      runs: [],
      backend: null,
      backendWarm: false,
      workerError: null,
      backendLoss: null,
      startRun(config) {
        get().startPlan([[config]]);
      },
      startPlan(plan) {
        const existing = get().runs;
        if (hasWaiting(existing) || plan.length === 0) return;
        const groupId = plan.flat().length > 1 ? newRunId() : null;
        const taken = new Set(existing.map((r) => r.name));
        const colors = existing.map((r) => r.colorIndex);
        const created: RunRecord[] = [];
        plan.forEach((group, slot) =>
          group.forEach((config) => {
            const name = uniqueName(runName(config), taken);
            taken.add(name);
            const color = nextColorIndex(colors);
            colors.push(color);
            created.push(newRunRecord(config, name, color, groupId, slot));
          }),
        );
        set({ workerError: null, runs: [...existing, ...created] });
        created.filter((r) => r.status === 'starting').forEach(sendTrain);
      },
      pauseRuns() {
        activeIds().forEach((runId) => deps.client.send({ type: 'pause', runId }));
      },
      resumeRuns() {
        if (get().backendLoss) return get().continueOnWasm();
        activeIds().forEach((runId) => deps.client.send({ type: 'resume', runId }));
      },
      continueOnWasm() {
        const loss = get().backendLoss;
        const ids = new Set(loss?.runIds);
        set((s) => ({
          backendLoss: null,
          backendPreference: 'wasm',
          runs: s.runs.map((r) => (ids.has(r.id) && r.status === 'paused' ? { ...r, status: 'starting', message: null } : r)),
        }));
        deps.client.send({ type: 'recover', backend: 'wasm' });
      },
      stopRuns() {
        get().cancelQueue();
        activeIds().forEach((runId) => deps.client.send({ type: 'stop', runId }));
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
      renameRun(id, name) {
        const trimmed = name.trim().slice(0, MAX_NAME_LENGTH);
        if (trimmed) update(id, () => ({ name: trimmed }));
      },
      setRunVisible(id, visible) {
        update(id, () => ({ visible }));
      },
      deleteRun(id) {
        const run = get().runs.find((r) => r.id === id);
        if (!run) return;
        if (isActiveStatus(run.status)) deps.client.send({ type: 'stop', runId: id });
        set((s) => ({ runs: s.runs.filter((r) => r.id !== id) }));
        startNextSlot();
      },
      clearRuns() {
        activeIds().forEach((runId) => deps.client.send({ type: 'stop', runId }));
        set({ runs: [] });
      },
      addRuns(records) {
        const ids = new Set(get().runs.map((r) => r.id));
        const fresh = records.filter((r) => !ids.has(r.id) && !isActiveStatus(r.status) && r.status !== 'queued');
        if (fresh.length) set((s) => ({ runs: [...s.runs, ...fresh].sort((a, b) => a.createdAt - b.createdAt) }));
        return fresh.length;
      },
      onBackend(backend) {
        set({ backend, backendWarm: !compilesGpuPrograms(backend.name) });
      },
      onBackendWarm(name) {
        if (get().backend?.name === name) set({ backendWarm: true });
      },
      onBackendLost(event) {
        const steps = new Map(event.runs.map((r) => [r.runId, r.step]));
        set((s) => ({
          backendLoss: { reason: event.reason, runIds: [...steps.keys()] },
          runs: s.runs.map((r) =>
            steps.has(r.id) && isActiveStatus(r.status)
              ? { ...r, status: 'paused', message: backendLostMessage(event.reason, steps.get(r.id)!) }
              : r,
          ),
        }));
        if (!get().runs.some((r) => steps.has(r.id) && isActiveStatus(r.status))) get().continueOnWasm();
      },
      onWorkerError(message, fatal) {
        set((s) => ({
          backendLoss: fatal ? null : s.backendLoss,
          workerError: fatal ? `${message} The worker was restarted; press Train to start again.` : message,
          runs: fatal
            ? s.runs
                .filter((r) => r.status !== 'queued')
                .map((r) => (isActiveStatus(r.status) ? { ...r, status: 'failed', message: `The training worker crashed: ${message}` } : r))
            : s.runs,
        }));
      },
      onRunEvent(event) {
        switch (event.type) {
          case 'runStarted': {
            const b = get().backend;
            return update(event.runId, () => ({
              status: 'training',
              totalSteps: event.totalSteps,
              stepsPerEpoch: event.stepsPerEpoch,
              trainCount: event.trainCount,
              backend: b ? describeBackend(b) : null,
            }));
          }
          case 'steps':
            return update(event.runId, (r) => ({
              series: appendSteps(r.series, event.firstStep, event.loss, event.accuracy),
              progress: event.progress,
              timeMarks: [...r.timeMarks, { step: event.progress.step, elapsedMs: event.progress.elapsedMs }],
            }));
          case 'epoch':
            return update(event.runId, (r) => ({ epochs: [...r.epochs, event.point] }));
          case 'learningRate':
            return update(event.runId, (r) => ({
              learningRateMarks: [...r.learningRateMarks, { step: event.step, learningRate: event.learningRate }],
            }));
          case 'inputStats':
            return update(event.runId, () => ({ inputStats: event.stats }));
          case 'paused':
            return update(event.runId, () => ({ status: 'paused' }));
          case 'resumed': {
            // After a lost GPU context the run goes on elsewhere: its record names both backends.
            const b = get().backend;
            const now = b ? describeBackend(b) : null;
            return update(event.runId, (r) => ({
              status: 'training',
              backend: r.backend && now && !r.backend.endsWith(now) ? `${r.backend}, then ${now}` : r.backend,
            }));
          }
          case 'runEnded': {
            const o = event.outcome;
            return finish(event.runId, {
              status: o.status,
              test: o.status === 'completed' ? o.test : null,
              message: outcomeMessage(o),
            });
          }
          case 'runFailed':
            return finish(event.runId, { status: 'failed', message: event.message });
          default: {
            const unknown: never = event;
            throw new Error(`unhandled ${JSON.stringify(unknown)}`);
          }
        }
      },
    };
  };
