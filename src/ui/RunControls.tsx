import { selectData, selectRun, selectRunActive } from './selectors';
import { useApp } from './StoreContext';
import { useValidation } from './useValidation';

/** Train, Pause/Resume and Stop, with why Train is unavailable when it is. */
export function RunControls() {
  const data = useApp(selectData);
  const run = useApp(selectRun);
  const active = useApp(selectRunActive);
  const startRun = useApp((s) => s.startRun);
  const pauseRun = useApp((s) => s.pauseRun);
  const resumeRun = useApp((s) => s.resumeRun);
  const stopRun = useApp((s) => s.stopRun);
  const validation = useValidation();

  const blocker = !validation.ok
    ? 'Fix the highlighted settings to train.'
    : data.status !== 'ready'
      ? 'Waiting for the data to load.'
      : null;
  const paused = run?.status === 'paused';
  return (
    <div className="run-controls">
      <button type="button" className="primary" disabled={active || blocker !== null} onClick={() => validation.ok && startRun(validation.config)}>
        Train
      </button>
      {paused ? (
        <button type="button" onClick={resumeRun}>
          Resume
        </button>
      ) : (
        <button type="button" disabled={!active || run?.status === 'starting'} onClick={pauseRun}>
          Pause
        </button>
      )}
      <button type="button" disabled={!active} onClick={stopRun}>
        Stop
      </button>
      {blocker && !active ? <p className="field-hint">{blocker}</p> : null}
    </div>
  );
}
