import type { ExperimentConfig } from '../engine/config';
import { RunControl } from '../engine/runControl';
import type { Resume, TrainSnapshot } from '../engine/snapshot';
import type { HaltedRun } from './protocol';

/** Runs training at once share the worker step by step; more would crawl. */
export const MAX_CONCURRENT_RUNS = 8;

/** A run the worker knows: training (it has a control) or halted by a lost backend (it has none). */
export interface RunEntry {
  config: ExperimentConfig;
  control: RunControl | null;
  /** The last snapshot, kept only while the backend can be lost (WebGL). */
  snapshot: TrainSnapshot | null;
  /** The last step delivered, and the training time shown with it. */
  delivered: { step: number; elapsedMs: number };
  /** The last learning rate asked for, applied again if the run continues from an older snapshot. */
  learningRate: number | null;
  /** Whether its probes also measure the loss landscape. */
  landscape: boolean;
  /** Settles when the training loop has returned and freed its tensors (see `add`'s `finished`). */
  done: Promise<void>;
}

/** The runs the worker knows, by run id, and which of them a `backendLost` event has listed. */
export interface RunRegistry {
  readonly size: number;
  has(runId: string): boolean;
  get(runId: string): RunEntry | undefined;
  /**
   * Enters a run with a new control (at `learningRate`, if given), continuing from `resume` if
   * given. Call `finished` once its training loop has returned: that settles `entry.done`.
   */
  add(
    runId: string,
    config: ExperimentConfig,
    resume: Resume | null,
    learningRate: number | null,
    landscape?: boolean,
  ): { entry: RunEntry; control: RunControl; finished: () => void };
  delete(runId: string): void;
  /** Halts every run with a control where it stands (the backend is gone). */
  haltAll(): void;
  /** Every run and the last step it delivered, for `backendLost`. */
  halted(): HaltedRun[];
  /** The ids of runs no `backendLost` has listed yet; they count as listed from now. */
  announce(): string[];
  /** After a recovery, a new loss lists every run again. */
  clearAnnounced(): void;
  /** Settles when every run's training loop has returned. */
  settled(): Promise<void>;
  /** Removes the halted runs (those without a control) and returns them, to continue elsewhere. */
  takeHalted(): [string, RunEntry][];
  /** The control of a run that trains now, if it does. */
  control(runId: string): RunControl | null;
}

export function createRunRegistry(): RunRegistry {
  const runs = new Map<string, RunEntry>();
  const announced = new Set<string>();
  return {
    get size() {
      return runs.size;
    },
    has: (runId) => runs.has(runId),
    get: (runId) => runs.get(runId),
    add(runId, config, resume, learningRate, landscape = false) {
      const control = new RunControl();
      if (learningRate !== null) control.setLearningRate(learningRate);
      let finished: () => void = () => {};
      const entry: RunEntry = {
        config,
        control,
        snapshot: resume?.snapshot ?? null,
        delivered: resume ? { step: resume.deliveredStep, elapsedMs: resume.deliveredMs } : { step: 0, elapsedMs: 0 },
        learningRate,
        landscape,
        done: new Promise((r) => (finished = r)),
      };
      runs.set(runId, entry);
      return { entry, control, finished };
    },
    delete: (runId) => void runs.delete(runId),
    haltAll: () => runs.forEach((r) => r.control?.halt()),
    halted: () => [...runs].map(([runId, r]) => ({ runId, step: r.delivered.step })),
    announce() {
      const fresh = [...runs.keys()].filter((id) => !announced.has(id));
      fresh.forEach((id) => announced.add(id));
      return fresh;
    },
    clearAnnounced: () => announced.clear(),
    settled: () => Promise.all([...runs.values()].map((r) => r.done)).then(() => {}),
    takeHalted() {
      const halted = [...runs].filter(([, r]) => r.control === null);
      halted.forEach(([runId]) => runs.delete(runId));
      return halted;
    },
    control: (runId) => runs.get(runId)?.control ?? null,
  };
}
