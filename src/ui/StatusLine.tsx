import { useMemo } from 'react';
import { formatDuration, formatInt, formatPercent } from '../format';
import type { RunRecord } from '../runs/runRecord';
import { RunSwatch } from './RunSwatch';
import { STATUS_WORDS } from './statusWords';
import {
  currentRuns,
  selectBackend,
  selectBackendLoss,
  selectBackendRacing,
  selectBackendWarm,
  selectData,
  selectRuns,
  selectWorkerError,
} from '../store/selectors';
import { useApp } from './StoreContext';
import type { BackendName } from '../worker/protocol';

const BACKEND_TITLES: Record<BackendName, string> = { webgl: 'WebGL', webgpu: 'WebGPU', wasm: 'WebAssembly', cpu: 'plain JavaScript' };

function RunProgress({ run }: { run: RunRecord }) {
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

/** Backend, and the state and progress of the runs training now (or just finished); outcomes are announced to screen readers. */
export function StatusLine() {
  const backend = useApp(selectBackend);
  const warm = useApp(selectBackendWarm);
  const racing = useApp(selectBackendRacing);
  const dataReady = useApp((s) => selectData(s).status === 'ready');
  const runs = useApp(selectRuns);
  const workerError = useApp(selectWorkerError);
  const backendLoss = useApp(selectBackendLoss);
  const continueOnWasm = useApp((s) => s.continueOnWasm);
  const current = useMemo(() => currentRuns(runs), [runs]);
  return (
    <div className="status">
      <p className="status-row status-backend">
        <span>
          Backend: <strong data-testid="backend">{backend ? `${backend.name} · ${backend.detail}` : 'starting…'}</strong>
        </span>
        {/* While Auto races, its first pick (by the renderer's name) is provisional: only the race is said. */}
        {backend?.autoReason && !racing ? <span data-testid="backend-reason">({backend.autoReason})</span> : null}
        {backend?.fallbackReason ? <span className="warn">({backend.fallbackReason})</span> : null}
        {racing ? (
          <span data-testid="backend-racing">(Auto is timing {racing.map((b) => BACKEND_TITLES[b]).join(' against ')} on this model, about a second)</span>
        ) : null}
        {backend && dataReady && !warm && !racing ? (
          <span data-testid="backend-warming">(compiling its GPU programs, so the first step comes quickly)</span>
        ) : null}
      </p>
      {current.length === 0 ? <p className="status-row muted">Set up an experiment and press Train, or pick a preset.</p> : null}
      {current.map((run) => (
        <p className="status-row" key={run.id} data-run={run.name}>
          {current.length > 1 ? (
            <span className="run-label">
              <RunSwatch run={run} /> {run.name}
            </span>
          ) : null}
          <strong data-testid="run-status">{STATUS_WORDS[run.status]}</strong>
          <RunProgress run={run} />
        </p>
      ))}
      <div role="status" aria-live="polite">
        {current.map((run) => (
          <div key={run.id}>
            {run.message ? (
              <p className={run.status === 'stopped' ? 'note' : 'error-text'}>
                {current.length > 1 ? `${run.name}: ` : ''}
                {run.message}
              </p>
            ) : null}
            {run.test ? (
              <p className="result" data-testid="test-result">
                {current.length > 1 ? `${run.name}: ` : ''}Test set: loss {run.test.loss.toFixed(4)} · accuracy {formatPercent(run.test.accuracy)}
              </p>
            ) : null}
          </div>
        ))}
        {workerError ? <p className="error-text">The training worker reported an error: {workerError}</p> : null}
      </div>
      {backendLoss ? (
        <p className="status-row">
          <button type="button" className="primary" onClick={continueOnWasm}>
            Continue on WebAssembly
          </button>
        </p>
      ) : null}
    </div>
  );
}
