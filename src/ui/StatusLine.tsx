import type { RunState } from '../store/runSlice';
import { formatDuration, formatInt, formatPercent } from './format';
import { selectBackend, selectRun, selectWorkerError } from './selectors';
import { useApp } from './StoreContext';

const STATUS_WORDS: Record<RunState['status'], string> = {
  starting: 'Starting',
  training: 'Training',
  paused: 'Paused',
  completed: 'Finished',
  stopped: 'Stopped',
  diverged: 'Diverged',
  failed: 'Failed',
};

function RunProgress({ run }: { run: RunState }) {
  const p = run.progress;
  if (!p) return null;
  const epochs = run.config.train.epochs;
  const samplesPerSecond = p.elapsedMs > 0 ? (p.samplesSeen / p.elapsedMs) * 1000 : 0;
  const remainingMs = p.step > 0 ? ((p.totalSteps - p.step) / p.step) * p.elapsedMs : 0;
  return (
    <>
      <span>
        Epoch {Math.min(p.epoch, epochs)}/{epochs}
      </span>
      <span>
        Step <span data-testid="step">{formatInt(p.step)}</span>/{formatInt(p.totalSteps)}
      </span>
      <span>{formatInt(samplesPerSecond)} samples/s</span>
      <span>Elapsed {formatDuration(p.elapsedMs)}</span>
      {run.status === 'training' ? <span>Remaining ~{formatDuration(remainingMs)}</span> : null}
    </>
  );
}

/** Backend, run state and progress; the run's outcome is announced to screen readers. */
export function StatusLine() {
  const backend = useApp(selectBackend);
  const run = useApp(selectRun);
  const workerError = useApp(selectWorkerError);
  return (
    <div className="status">
      <p className="status-row">
        <span>
          Backend:{' '}
          <strong data-testid="backend">{backend ? `${backend.name} · ${backend.detail}` : 'starting…'}</strong>
        </span>
        {backend?.fallbackReason ? <span className="warn">({backend.fallbackReason})</span> : null}
      </p>
      {run ? (
        <p className="status-row">
          <strong data-testid="run-status">{STATUS_WORDS[run.status]}</strong>
          <RunProgress run={run} />
        </p>
      ) : (
        <p className="status-row muted">Set up an experiment and press Train.</p>
      )}
      <div role="status" aria-live="polite">
        {run?.message ? <p className={run.status === 'stopped' ? 'note' : 'error-text'}>{run.message}</p> : null}
        {run?.test ? (
          <p className="result" data-testid="test-result">
            Test set: loss {run.test.loss.toFixed(4)} · accuracy {formatPercent(run.test.accuracy)}
          </p>
        ) : null}
        {workerError ? <p className="error-text">The training worker reported an error: {workerError}</p> : null}
      </div>
    </div>
  );
}
