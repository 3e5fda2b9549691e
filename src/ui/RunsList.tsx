import { useRef, useState, type ChangeEvent } from 'react';
import type { RunRecord } from '../runs/runRecord';
import { historyCsv } from '../share/historyCsv';
import { exportRunsJson, importRunsJson, RUNS_FILE_LIMITS } from '../share/runsFile';
import { ConfirmDialog } from './ConfirmDialog';
import { downloadText } from './download';
import { RunRow } from './RunRow';
import { selectRuns, selectTrainImages } from '../store/selectors';
import { useApp } from './StoreContext';
import { useHidden } from './useHidden';

const stamp = () => new Date().toISOString().slice(0, 16).replace(/[:T]/g, '-');

/** Every run kept in this browser: which are drawn, their names, and files in and out. */
export function RunsList() {
  const runs = useApp(selectRuns);
  const trainImages = useApp(selectTrainImages);
  const loadConfig = useApp((s) => s.loadConfig);
  const addRuns = useApp((s) => s.addRuns);
  const clearRuns = useApp((s) => s.clearRuns);
  const notify = useApp((s) => s.notify);
  const [confirming, setConfirming] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const hidden = useHidden('runs');
  const kept = runs.filter((r) => r.status !== 'queued');

  const editCopy = (run: RunRecord) => {
    loadConfig(run.config);
    notify('info', `The settings of "${run.name}" are in the form: change what you like and press Train.`);
    document.getElementById('model-heading')?.scrollIntoView({ block: 'start' });
  };
  const importFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    if (file.size > RUNS_FILE_LIMITS.maxChars) {
      notify('error', `"${file.name}" is too large to import (over ${RUNS_FILE_LIMITS.maxChars / 1e6} MB).`);
      return;
    }
    const { runs: imported, errors } = importRunsJson(await file.text(), trainImages);
    const added = addRuns(imported);
    const skipped = imported.length - added;
    notify(
      added > 0 ? 'info' : 'warning',
      `Imported ${added} ${added === 1 ? 'run' : 'runs'} from "${file.name}"${skipped ? ` (${skipped} already here)` : ''}.`,
    );
    errors.forEach((m) => notify('warning', m));
  };

  if (hidden) return null;
  return (
    <section className="panel runs" aria-labelledby="runs-heading">
      <h2 id="runs-heading">Runs</h2>
      {kept.length === 0 ? <p className="field-hint">Runs you train appear here, and stay after a reload.</p> : null}
      {kept.length > 0 ? (
        <table className="summary runs-table">
          <thead>
            <tr>
              <th scope="col">Show</th>
              <th scope="col">Run</th>
              <th scope="col">Status</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {kept.map((run) => (
              <RunRow key={run.id} run={run} onEditCopy={editCopy} />
            ))}
          </tbody>
        </table>
      ) : null}
      <div className="toolbar">
        <button type="button" disabled={kept.length === 0} onClick={() => downloadText(`batchnorm-history-${stamp()}.csv`, historyCsv(kept), 'text/csv')}>
          Download history (CSV)
        </button>
        <button
          type="button"
          disabled={kept.length === 0}
          onClick={() => downloadText(`batchnorm-runs-${stamp()}.json`, exportRunsJson(kept), 'application/json')}
        >
          Download runs (JSON)
        </button>
        <button type="button" onClick={() => fileInput.current?.click()}>
          Import runs (JSON)
        </button>
        <input ref={fileInput} type="file" accept=".json,application/json" hidden aria-label="Import runs (JSON)" onChange={(e) => void importFile(e)} />
        <button type="button" disabled={kept.length === 0} onClick={() => setConfirming(true)}>
          Clear all
        </button>
      </div>
      <ConfirmDialog
        open={confirming}
        title="Delete all runs?"
        confirmLabel="Delete all"
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          clearRuns();
        }}
      >
        All {kept.length} runs and their histories will be removed from this browser. Download them first (JSON) to keep a copy.
      </ConfirmDialog>
    </section>
  );
}
