import { selectAllPaused, selectAnyActive, selectAnyStarting, selectBusy, selectData, selectQueuedCount } from '../store/selectors';
import { useApp } from './StoreContext';
import { useValidation } from './useValidation';

/** Train, Pause/Resume and Stop for whatever trains now (one run or a comparison), and the queue behind it. */
export function RunControls() {
  const data = useApp(selectData);
  const busy = useApp(selectBusy);
  const active = useApp(selectAnyActive);
  const paused = useApp(selectAllPaused);
  const starting = useApp(selectAnyStarting);
  const queued = useApp(selectQueuedCount);
  const startRun = useApp((s) => s.startRun);
  const pauseRuns = useApp((s) => s.pauseRuns);
  const resumeRuns = useApp((s) => s.resumeRuns);
  const stopRuns = useApp((s) => s.stopRuns);
  const cancelQueue = useApp((s) => s.cancelQueue);
  const validation = useValidation();

  const blocker = !validation.ok ? 'Fix the highlighted settings to train.' : data.status !== 'ready' ? 'Waiting for the data to load.' : null;
  return (
    <div className="run-controls">
      <button type="button" className="primary" disabled={busy || blocker !== null} onClick={() => validation.ok && startRun(validation.config)}>
        Train
      </button>
      {paused ? (
        <button type="button" onClick={resumeRuns}>
          Resume
        </button>
      ) : (
        <button type="button" disabled={!active || starting} onClick={pauseRuns}>
          Pause
        </button>
      )}
      <button type="button" disabled={!busy} onClick={stopRuns}>
        Stop
      </button>
      {queued > 0 ? (
        <span className="queue" data-testid="queue">
          {queued} {queued === 1 ? 'run' : 'runs'} waiting{' '}
          <button type="button" onClick={cancelQueue}>
            Cancel queue
          </button>
        </span>
      ) : null}
      {blocker && !busy ? <p className="field-hint">{blocker}</p> : null}
    </div>
  );
}
