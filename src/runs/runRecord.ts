import type { ExperimentConfig } from '../engine/config';
import type { InputStats } from '../engine/inputStats';
import type { LossAccuracy } from '../engine/metrics';
import type { EpochPoint, Progress } from '../engine/train';
import { emptySeries, type StepSeries } from './stepSeries';

/**
 * Every status a run can have, the one list: waiting (`queued`), active (`ACTIVE_STATUSES`) or
 * finished (`FINISHED_STATUSES`). `interrupted`: was training when the page closed (or the runs
 * file was saved); what it had reached is kept.
 */
export const RUN_STATUSES = ['queued', 'starting', 'training', 'paused', 'completed', 'stopped', 'diverged', 'failed', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const ACTIVE_STATUSES = ['starting', 'training', 'paused'] as const satisfies readonly RunStatus[];
export const FINISHED_STATUSES = ['completed', 'stopped', 'diverged', 'failed', 'interrupted'] as const satisfies readonly RunStatus[];

export interface LearningRateMark {
  step: number;
  learningRate: number;
}

/** Training time reached at a step, recorded at each delivery of steps; seconds on the x axis interpolate these. */
export interface TimeMark {
  step: number;
  elapsedMs: number;
}

/** One training run: what it was asked to do and everything it produced. Kept in IndexedDB and exported as JSON. */
export interface RunRecord {
  /** Unique across sessions (runs persist), e.g. "lq3k2x-7-a9f". */
  id: string;
  name: string;
  /** Index into the run palette; kept so a run keeps its colour when others are deleted. */
  colorIndex: number;
  visible: boolean;
  /** Runs created by one comparison share a group id; null for a single run. */
  groupId: string | null;
  /** Queued runs with the same slot start together; lower slots first. */
  queueSlot: number;
  config: ExperimentConfig;
  status: RunStatus;
  /** Date.now() when created. */
  createdAt: number;
  totalSteps: number;
  stepsPerEpoch: number;
  trainCount: number;
  series: StepSeries;
  timeMarks: TimeMark[];
  epochs: EpochPoint[];
  learningRateMarks: LearningRateMark[];
  progress: Progress | null;
  test: LossAccuracy | null;
  /** Why the run ended early, in words. */
  message: string | null;
  /** The backend it trained on, e.g. "webgl (SwiftShader)". */
  backend: string | null;
  /** Optional: pixel statistics of its training and evaluation inputs, from the worker (for the scaling warning). */
  inputStats?: InputStats | null;
  /** Optional: its probes also measure the loss landscape (a lesson asks for it; see engine/landscape.ts). */
  landscape?: boolean;
}

export const isActiveStatus = (s: RunStatus): boolean => (ACTIVE_STATUSES as readonly RunStatus[]).includes(s);
export const isFinishedStatus = (s: RunStatus): boolean => (FINISHED_STATUSES as readonly RunStatus[]).includes(s);

let counter = 0;
/** Not crypto.randomUUID: that needs a secure context, and a classroom may serve over plain http. */
export function newRunId(): string {
  counter += 1;
  return `${Date.now().toString(36)}-${counter.toString(36)}-${Math.floor(Math.random() * 36 ** 4).toString(36)}`;
}

/** A run as it enters the list: nothing trained yet, starting (slot 0) or queued behind others. */
export function newRunRecord(config: ExperimentConfig, name: string, colorIndex: number, groupId: string | null, queueSlot: number): RunRecord {
  return {
    id: newRunId(),
    name,
    colorIndex,
    visible: true,
    groupId,
    queueSlot,
    config,
    status: queueSlot === 0 ? 'starting' : 'queued',
    createdAt: Date.now(),
    totalSteps: 0,
    stepsPerEpoch: 0,
    trainCount: 0,
    series: emptySeries(),
    timeMarks: [],
    epochs: [],
    learningRateMarks: [],
    progress: null,
    test: null,
    message: null,
    backend: null,
  };
}
