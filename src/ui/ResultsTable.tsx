import { useMemo } from 'react';
import { formatDuration, formatInt } from '../format';
import { isFinishedStatus, type RunRecord } from '../runs/runRecord';
import { runSummary, type RunSummary } from '../runs/runSummary';
import { selectRuns } from '../store/selectors';
import { RunSwatch } from './RunSwatch';
import { STATUS_WORDS } from './statusWords';
import { useApp } from './StoreContext';

const fixed4 = (x: number | null) => (x === null ? '—' : x.toFixed(4));

/** Finished runs that produced something to report: an epoch, a test result, or where it diverged. */
const reportable = (r: RunRecord) => isFinishedStatus(r.status) && (r.epochs.length > 0 || r.test !== null || r.status === 'diverged');

/**
 * The outcome of every finished run, like a notebook's closing summary: test loss and accuracy,
 * best validation accuracy and its epoch, training time and speed. When two or more runs have a
 * test result, the highest test accuracy is marked "best" in words. Renders nothing until a run finishes.
 * `only`, optional: the runs to list (a lesson's chapter lists its own).
 */
export function ResultsTable({ only }: { only?: ReadonlySet<string> } = {}) {
  const runs = useApp(selectRuns);
  const rows = useMemo(
    () =>
      runs.filter((r) => reportable(r) && (!only || only.has(r.id))).map((run): { run: RunRecord; summary: RunSummary } => ({ run, summary: runSummary(run) })),
    [runs, only],
  );
  if (rows.length === 0) return null;
  const tested = rows.flatMap((r) => (r.summary.testAccuracy === null ? [] : [r.summary.testAccuracy]));
  const bestTest = tested.length > 1 ? Math.max(...tested) : null;
  return (
    <table className="summary results-table" data-testid="results-table">
      <caption>Results</caption>
      <thead>
        <tr>
          <th scope="col">Run</th>
          <th scope="col">Status</th>
          <th scope="col" className="num">
            Test loss
          </th>
          <th scope="col" className="num">
            Test accuracy
          </th>
          <th scope="col" className="num">
            Best val_accuracy
          </th>
          <th scope="col" className="num">
            Time
          </th>
          <th scope="col" className="num">
            Samples/s
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ run, summary: s }) => (
          <tr key={run.id} data-run={run.name}>
            <th scope="row">
              <span className="run-label">
                <RunSwatch run={run} /> {run.name}
              </span>
            </th>
            <td>
              {STATUS_WORDS[run.status]}
              {run.status === 'diverged' && run.series.length > 0 ? ` after step ${run.series.length}` : ''}
            </td>
            <td className="num">{fixed4(s.testLoss)}</td>
            <td className="num">
              {bestTest !== null && s.testAccuracy === bestTest ? <span className="results-badge">best</span> : null} {fixed4(s.testAccuracy)}
            </td>
            <td className="num">{s.bestValAccuracy === null ? '—' : `${s.bestValAccuracy.toFixed(4)} (epoch ${s.bestEpoch})`}</td>
            <td className="num">{formatDuration(s.elapsedMs)}</td>
            <td className="num">{s.samplesPerSecond === null ? '—' : formatInt(s.samplesPerSecond)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
