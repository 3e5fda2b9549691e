import type { StateCreator } from 'zustand';
import { backendLostMessage } from '../runs/runMessages';
import { isActiveStatus } from '../runs/runRecord';
import { compilesGpuPrograms, type BackendInfo, type BackendName, type WorkerEvent } from '../worker/protocol';
import type { AppState, StoreDeps } from './appState';

/** Runs halted because the device under the backend was lost, until they continue. */
export interface BackendLoss {
  reason: string;
  runIds: string[];
}

/** The worker's backend and what befalls it: chosen, warm, lost with its device, or the worker gone. */
export interface BackendSlice {
  backend: BackendInfo | null;
  /** False while a GPU backend still compiles its programs for the loaded data (see `backendWarm`); true on wasm and cpu. */
  backendWarm: boolean;
  /** While Auto times these backends on the expected experiment (about a second), before it says which won. */
  backendRacing: BackendName[] | null;
  workerError: string | null;
  /** Set while runs wait after a lost GPU context (they show as paused, with a message). */
  backendLoss: BackendLoss | null;
  /**
   * After a lost GPU context: the worker starts WebAssembly, uploads the data again, and the
   * halted runs continue from their last snapshots (their charts go on from the next step).
   */
  continueOnWasm(): void;
  onBackend(backend: BackendInfo): void;
  onBackendWarm(name: BackendInfo['name']): void;
  onBackendRacing(names: BackendName[]): void;
  /** Halted runs show as paused with a message; with none halted, training moves to WebAssembly at once. */
  onBackendLost(event: Extract<WorkerEvent, { type: 'backendLost' }>): void;
  /** `fatal`: the worker was replaced, so its runs are lost. */
  onWorkerError(message: string, fatal: boolean): void;
}

export const createBackendSlice =
  (deps: StoreDeps): StateCreator<AppState, [], [], BackendSlice> =>
  (set, get) => ({
    backend: null,
    backendWarm: false,
    backendRacing: null,
    workerError: null,
    backendLoss: null,
    continueOnWasm() {
      const ids = new Set(get().backendLoss?.runIds);
      set((s) => ({
        backendLoss: null,
        backendPreference: 'wasm',
        runs: s.runs.map((r) => (ids.has(r.id) && r.status === 'paused' ? { ...r, status: 'starting', message: null } : r)),
      }));
      deps.client.send({ type: 'recover', backend: 'wasm' });
    },
    onBackend(backend) {
      set({ backend, backendWarm: !compilesGpuPrograms(backend.name), backendRacing: null });
    },
    onBackendRacing(names) {
      set({ backendRacing: names });
    },
    onBackendWarm(name) {
      if (get().backend?.name === name) set({ backendWarm: true });
    },
    onBackendLost(event) {
      const steps = new Map(event.runs.map((r) => [r.runId, r.step]));
      set((s) => ({
        backendLoss: { reason: event.reason, runIds: [...steps.keys()] },
        runs: s.runs.map((r) =>
          steps.has(r.id) && isActiveStatus(r.status) ? { ...r, status: 'paused', message: backendLostMessage(event.reason, steps.get(r.id)!) } : r,
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
  });
