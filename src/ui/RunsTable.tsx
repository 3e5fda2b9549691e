import type { RunRecord } from '../runs/runRecord';
import { RunRow } from './RunRow';

interface RunsTableProps {
  runs: readonly RunRecord[];
  /** Puts a run's settings in the form, to train a changed copy. */
  onEditCopy(run: RunRecord): void;
  /** Opens the run's Export (scripts and trained model). */
  onExport(run: RunRecord): void;
}

/** The runs kept in this browser, one row each: shown or not, name, status, actions. */
export function RunsTable({ runs, onEditCopy, onExport }: RunsTableProps) {
  return (
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
        {runs.map((run) => (
          <RunRow key={run.id} run={run} onEditCopy={onEditCopy} onExport={onExport} />
        ))}
      </tbody>
    </table>
  );
}
