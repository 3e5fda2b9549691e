import type { StateCreator } from 'zustand';
import type { ExperimentConfig } from '../engine/config';
import { LIMITS } from '../engine/schema';
import type { LossAccuracy } from '../engine/metrics';
import type { EpochPoint, Progress } from '../engine/train';
import type { BackendInfo, WorkerEvent } from '../worker/protocol';
import type { AppState, StoreDeps } from './appState';
import { appendSteps, emptySeries, type StepSeries } from './stepSeries';

export type RunStatus = 'starting' | 'training' | 'paused' | 'completed' | 'stopped' | 'diverged' | 'failed';

export interface LearningRateMark {
  step: number;
  learningRate: number;
}

export interface RunState {
  runId: number;
  config: ExperimentConfig;
  status: RunStatus;
  totalSteps: number;
  stepsPerEpoch: number;
  trainCount: number;
  series: StepSeries;
  epochs: EpochPoint[];
  learningRateMarks: LearningRateMark[];
  progress: Progress | null;
  test: LossAccuracy | null;
  /** Why the run ended early, in words. */
  message: string | null;
}

export type RunEvent = Extract<
  WorkerEvent,
  { type: 'runStarted' | 'steps' | 'epoch' | 'learningRate' | 'paused' | 'resumed' | 'runEnded' | 'runFailed' }
>;

export interface RunSlice {
  run: RunState | null;
  backend: BackendInfo | null;
  workerError: string | null;
  startRun(config: ExperimentConfig): void;
  pauseRun(): void;
  resumeRun(): void;
  stopRun(): void;
  changeLearningRate(learningRate: number): void;
  onRunEvent(event: RunEvent): void;
  onBackend(backend: BackendInfo): void;
  /** `fatal`: the worker was replaced, so an active run is lost. */
  onWorkerError(message: string, fatal: boolean): void;
}

export const isActive = (run: RunState | null): boolean =>
  run !== null && (run.status === 'starting' || run.status === 'training' || run.status === 'paused');

export const createRunSlice =
  (deps: StoreDeps): StateCreator<AppState, [], [], RunSlice> =>
  (set, get) => {
    let nextRunId = 1;
    const update = (runId: number, patch: (run: RunState) => Partial<RunState>) =>
      set((s) => (s.run && s.run.runId === runId ? { run: { ...s.run, ...patch(s.run) } } : {}));
    const activeRunId = () => {
      const run = get().run;
      return run && isActive(run) ? run.runId : null;
    };

    return {
      run: null,
      backend: null,
      workerError: null,
      startRun(config) {
        if (isActive(get().run)) return;
        const runId = nextRunId++;
        set({
          workerError: null,
          run: {
            runId,
            config,
            status: 'starting',
            totalSteps: 0,
            stepsPerEpoch: 0,
            trainCount: 0,
            series: emptySeries(),
            epochs: [],
            learningRateMarks: [],
            progress: null,
            test: null,
            message: null,
          },
        });
        deps.client.send({ type: 'train', runId, config });
      },
      pauseRun() {
        const runId = activeRunId();
        if (runId !== null) deps.client.send({ type: 'pause', runId });
      },
      resumeRun() {
        const runId = activeRunId();
        if (runId !== null) deps.client.send({ type: 'resume', runId });
      },
      stopRun() {
        const runId = activeRunId();
        if (runId !== null) deps.client.send({ type: 'stop', runId });
      },
      changeLearningRate(learningRate) {
        const runId = activeRunId();
        if (runId === null || !(learningRate > 0 && learningRate <= LIMITS.maxLearningRate)) return;
        deps.client.send({ type: 'setLearningRate', runId, learningRate });
      },
      onBackend(backend) {
        set({ backend });
      },
      onWorkerError(message, fatal) {
        set((s) => ({
          workerError: fatal ? `${message} The worker was restarted; press Train to start again.` : message,
          run:
            fatal && s.run && isActive(s.run)
              ? { ...s.run, status: 'failed', message: `The training worker crashed: ${message}` }
              : s.run,
        }));
      },
      onRunEvent(event) {
        switch (event.type) {
          case 'runStarted':
            return update(event.runId, () => ({
              status: 'training',
              totalSteps: event.totalSteps,
              stepsPerEpoch: event.stepsPerEpoch,
              trainCount: event.trainCount,
            }));
          case 'steps':
            return update(event.runId, (r) => ({
              series: appendSteps(r.series, event.firstStep, event.loss, event.accuracy),
              progress: event.progress,
            }));
          case 'epoch':
            return update(event.runId, (r) => ({ epochs: [...r.epochs, event.point] }));
          case 'learningRate':
            return update(event.runId, (r) => ({
              learningRateMarks: [...r.learningRateMarks, { step: event.step, learningRate: event.learningRate }],
            }));
          case 'paused':
            return update(event.runId, () => ({ status: 'paused' }));
          case 'resumed':
            return update(event.runId, () => ({ status: 'training' }));
          case 'runEnded': {
            const o = event.outcome;
            if (o.status === 'completed') return update(event.runId, () => ({ status: 'completed', test: o.test }));
            if (o.status === 'stopped') return update(event.runId, () => ({ status: 'stopped', message: `Stopped at step ${o.steps}` }));
            return update(event.runId, () => ({
              status: 'diverged',
              message: `Diverged at step ${o.step}: the loss became NaN or infinite. Try a smaller learning rate or BatchNorm.`,
            }));
          }
          case 'runFailed':
            return update(event.runId, () => ({ status: 'failed', message: event.message }));
          default: {
            const unknown: never = event;
            throw new Error(`unhandled ${JSON.stringify(unknown)}`);
          }
        }
      },
    };
  };
