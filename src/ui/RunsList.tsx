import { useRef, useState } from 'react';
import type { RunRecord } from '../runs/runRecord';
import { historyCsv } from '../share/historyCsv';
import { exportRunsJson } from '../share/runsFile';
import { ConfirmDialog } from './ConfirmDialog';
import { downloadText } from './download';
import { ExportDialog } from './export/ExportDialog';
import { RunsTable } from './RunsTable';
import { selectRuns } from '../store/selectors';
import { useApp } from './StoreContext';
import { useHidden } from './useHidden';
import { useImportRuns } from './useImportRuns';

const stamp = () => new Date().toISOString().slice(0, 16).replace(/[:T]/g, '-');

/** Every run kept in this browser: which are drawn, their names, and files in and out. */
export function RunsList() {
  const runs = useApp(selectRuns);
  const loadConfig = useApp((s) => s.loadConfig);
  const clearRuns = useApp((s) => s.clearRuns);
  const notify = useApp((s) => s.notify);
  const [confirming, setConfirming] = useState(false);
  const [exporting, setExporting] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const hidden = useHidden('runs');
  const importFile = useImportRuns();
  const kept = runs.filter((r) => r.status !== 'queued');

  const editCopy = (run: RunRecord) => {
    loadConfig(run.config);
    notify('info', `The settings of "${run.name}" are in the form: change what you like and press Train.`);
    document.getElementById('model-heading')?.scrollIntoView({ block: 'start' });
  };

  if (hidden) return null;
  return (
    <section className="panel runs" aria-labelledby="runs-heading">
      <h2 id="runs-heading">Runs</h2>
      {kept.length === 0 ? <p className="field-hint">Runs you train appear here, and stay after a reload.</p> : null}
      {kept.length > 0 ? <RunsTable runs={kept} onEditCopy={editCopy} onExport={(run) => setExporting(run.id)} /> : null}
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
      <ExportDialog run={kept.find((r) => r.id === exporting) ?? null} onClose={() => setExporting(null)} />
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
