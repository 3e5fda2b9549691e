import type { StateCreator } from 'zustand';
import type { ModeDemo } from '../engine/modeDemo';
import type { Probe } from '../engine/probe';
import type { WorkerEvent } from '../worker/protocol';
import type { AppState, StoreDeps } from './appState';
import { pendingRequests } from './pendingRequests';
import { appendProbe } from './probeSeries';

export type ProbeEvent = Extract<WorkerEvent, { type: 'probe' | 'modeDemoResult' | 'modeDemoError' }>;

/** What the "Inside BatchNorm" views look at. */
export interface InsideView {
  /** The run shown; null: the newest run with probes. */
  runId: string | null;
  /** The run beside it; null: its BatchNorm partner if there is one (see `bnPartner`); 'none': no second run. */
  pairId: string | null;
  /** 0-based hidden layer. */
  layer: number;
  /** 0-based unit of that layer. */
  unit: number;
}

export interface ProbesSlice {
  /** Each run's probes, oldest first (see `appendProbe`). Only runs trained since the page was opened have them. */
  probes: Readonly<Record<string, readonly Probe[]>>;
  insideView: InsideView;
  setInsideView(patch: Partial<InsideView>): void;
  /**
   * Asks the worker to score `runId`'s final model in training and in inference mode on a batch
   * of class `digit` and on batches of 2. Rejects with an Error whose message is for the user.
   */
  runModeDemo(runId: string, digit: number): Promise<ModeDemo>;
  onProbeEvent(event: ProbeEvent): void;
  /** Forgets the probes of runs no longer in the store (deleted, cleared). */
  pruneProbes(): void;
  /** The worker was replaced: demonstrations waiting for it fail with `message`. */
  onModeDemosLost(message: string): void;
}

export const createProbesSlice =
  (deps: StoreDeps): StateCreator<AppState, [], [], ProbesSlice> =>
  (set, get) => {
    /** Demonstrations asked for and not yet answered. */
    const pending = pendingRequests<ModeDemo>();
    return {
      probes: {},
      insideView: { runId: null, pairId: null, layer: 0, unit: 0 },
      setInsideView(patch) {
        set((s) => ({ insideView: { ...s.insideView, ...patch } }));
      },
      runModeDemo(runId, digit) {
        return pending.ask((requestId) => deps.client.send({ type: 'modeDemo', requestId, runId, digit }));
      },
      onProbeEvent(event) {
        switch (event.type) {
          case 'probe': {
            // A run deleted while it trained: nothing shows its probes.
            if (!get().runs.some((r) => r.id === event.runId)) return;
            const { runId, probe } = event;
            return set((s) => ({ probes: { ...s.probes, [runId]: appendProbe(s.probes[runId] ?? [], probe) } }));
          }
          case 'modeDemoResult':
            return pending.resolve(event.requestId, event.result);
          case 'modeDemoError':
            return pending.reject(event.requestId, event.message);
          default: {
            const unknown: never = event;
            throw new Error(`unhandled ${JSON.stringify(unknown)}`);
          }
        }
      },
      pruneProbes() {
        const { probes, runs } = get();
        const ids = new Set(runs.map((r) => r.id));
        const gone = Object.keys(probes).filter((id) => !ids.has(id));
        if (gone.length === 0) return;
        const kept = { ...probes };
        gone.forEach((id) => delete kept[id]);
        set({ probes: kept });
      },
      onModeDemosLost(message) {
        pending.rejectAll(message);
      },
    };
  };
