import { outcomeMessage } from '../runs/runMessages';
import type { RunRecord } from '../runs/runRecord';
import { appendSteps } from '../runs/stepSeries';
import type { BackendInfo, WorkerEvent } from '../worker/protocol';

/** The worker's events about one run. */
export type RunEvent = Extract<
  WorkerEvent,
  { type: 'runStarted' | 'steps' | 'epoch' | 'learningRate' | 'inputStats' | 'paused' | 'resumed' | 'runEnded' | 'runFailed' }
>;

export const describeBackend = (b: BackendInfo) => `${b.name} (${b.detail})`;

/**
 * What `event` changes in `run`, the run it names. `backend`: the backend in use now, which a run
 * records when it starts and, after a lost GPU context, when it goes on elsewhere. Pure.
 */
export function runEventPatch(run: RunRecord, event: RunEvent, backend: BackendInfo | null): Partial<RunRecord> {
  switch (event.type) {
    case 'runStarted':
      return {
        status: 'training',
        totalSteps: event.totalSteps,
        stepsPerEpoch: event.stepsPerEpoch,
        trainCount: event.trainCount,
        backend: backend ? describeBackend(backend) : null,
      };
    case 'steps':
      return {
        series: appendSteps(run.series, event.firstStep, event.loss, event.accuracy),
        progress: event.progress,
        timeMarks: [...run.timeMarks, { step: event.progress.step, elapsedMs: event.progress.elapsedMs }],
      };
    case 'epoch':
      return { epochs: [...run.epochs, event.point] };
    case 'learningRate':
      return { learningRateMarks: [...run.learningRateMarks, { step: event.step, learningRate: event.learningRate }] };
    case 'inputStats':
      return { inputStats: event.stats };
    case 'paused':
      return { status: 'paused' };
    case 'resumed': {
      // After a lost GPU context the run goes on elsewhere: its record names both backends.
      const now = backend ? describeBackend(backend) : null;
      return { status: 'training', backend: run.backend && now && !run.backend.endsWith(now) ? `${run.backend}, then ${now}` : run.backend };
    }
    case 'runEnded': {
      const o = event.outcome;
      return { status: o.status, test: o.status === 'completed' ? o.test : null, message: outcomeMessage(o) };
    }
    case 'runFailed':
      return { status: 'failed', message: event.message };
    default: {
      const unknown: never = event;
      throw new Error(`unhandled ${JSON.stringify(unknown)}`);
    }
  }
}
