import { useState, type KeyboardEvent } from 'react';
import { formatInt, formatPercent } from '../format';
import type { RunRecord } from '../runs/runRecord';
import { RunScalingFlag } from './RunScalingFlag';
import { RunSwatch } from './RunSwatch';
import { STATUS_WORDS } from './statusWords';
import { useApp } from './StoreContext';

function progressText(run: RunRecord): string {
  if (run.test) return `test ${formatPercent(run.test.accuracy)}`;
  if (run.progress) return `step ${formatInt(run.progress.step)}/${formatInt(run.progress.totalSteps)}`;
  return '';
}

/** One run in the runs list: show/hide, rename in place, edit a copy, export, delete. */
export function RunRow({ run, onEditCopy, onExport }: { run: RunRecord; onEditCopy(run: RunRecord): void; onExport(run: RunRecord): void }) {
  const setRunVisible = useApp((s) => s.setRunVisible);
  const renameRun = useApp((s) => s.renameRun);
  const deleteRun = useApp((s) => s.deleteRun);
  const [editing, setEditing] = useState<string | null>(null);
  const save = () => {
    if (editing !== null) renameRun(run.id, editing);
    setEditing(null);
  };
  const keys = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') save();
    if (e.key === 'Escape') setEditing(null);
  };
  return (
    <tr data-run-id={run.id}>
      <td>
        <input type="checkbox" aria-label={`Show ${run.name} on the charts`} checked={run.visible} onChange={(e) => setRunVisible(run.id, e.target.checked)} />
      </td>
      <td className="run-name">
        <RunSwatch run={run} />{' '}
        {editing === null ? (
          <>
            <span>{run.name}</span>
            <RunScalingFlag run={run} />
          </>
        ) : (
          <input
            type="text"
            aria-label={`New name for ${run.name}`}
            value={editing}
            maxLength={80}
            autoFocus
            onChange={(e) => setEditing(e.target.value)}
            onKeyDown={keys}
          />
        )}
      </td>
      <td>
        {STATUS_WORDS[run.status]} <span className="muted">{progressText(run)}</span>
      </td>
      <td className="run-actions">
        {editing === null ? (
          <button type="button" aria-label={`Rename ${run.name}`} onClick={() => setEditing(run.name)}>
            Rename
          </button>
        ) : (
          <>
            <button type="button" onClick={save}>
              Save
            </button>
            <button type="button" onClick={() => setEditing(null)}>
              Cancel
            </button>
          </>
        )}
        <button type="button" aria-label={`Edit a copy of ${run.name}`} onClick={() => onEditCopy(run)}>
          Edit a copy
        </button>
        <button type="button" aria-label={`Export ${run.name}`} onClick={() => onExport(run)}>
          Export
        </button>
        <button type="button" aria-label={`Delete ${run.name}`} onClick={() => deleteRun(run.id)}>
          Delete
        </button>
      </td>
    </tr>
  );
}
