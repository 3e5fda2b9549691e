import type { RunStatus } from '../runs/runRecord';

/** A run's status as the status line, runs list and results table say it. */
export const STATUS_WORDS: Record<RunStatus, string> = {
  queued: 'Waiting',
  starting: 'Starting',
  training: 'Training',
  paused: 'Paused',
  completed: 'Finished',
  stopped: 'Stopped',
  diverged: 'Diverged',
  failed: 'Failed',
  interrupted: 'Interrupted',
};
