import { useMemo } from 'react';
import { formatDuration } from '../format';
import { epochHistory } from '../runs/epochHistory';
import { SelectField } from './SelectField';
import { selectRuns, selectSelectedRunId } from '../store/selectors';
import { useApp } from './StoreContext';
import { useHidden } from './useHidden';

/** One run's history per epoch, as Keras' `history.history`: also the charts' text alternative. */
export function EpochTable() {
  const runs = useApp(selectRuns);
  const selectedId = useApp(selectSelectedRunId);
  const selectRun = useApp((s) => s.selectRun);
  const withHistory = useMemo(() => runs.filter((r) => r.epochs.length > 0), [runs]);
  const run = withHistory.find((r) => r.id === selectedId) ?? withHistory.at(-1);
  const series = run?.series;
  const epochs = run?.epochs;
  const rows = useMemo(() => (series && epochs ? epochHistory(series, epochs) : []), [series, epochs]);
  const hidden = useHidden('history');
  if (!run || hidden) return null;
  return (
    <details className="history" open>
      <summary>History per epoch (the charts as a table)</summary>
      <SelectField label="Run" value={run.id} options={withHistory.map((r) => ({ value: r.id, label: r.name }))} onChange={selectRun} />
      <table className="summary" aria-label={`History per epoch of ${run.name}`}>
        <thead>
          <tr>
            <th scope="col">Epoch</th>
            <th scope="col" className="num">
              loss
            </th>
            <th scope="col" className="num">
              accuracy
            </th>
            <th scope="col" className="num">
              val_loss
            </th>
            <th scope="col" className="num">
              val_accuracy
            </th>
            <th scope="col" className="num">
              Time
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.epoch}>
              <td>{r.epoch}</td>
              <td className="num">{r.loss.toFixed(4)}</td>
              <td className="num">{r.accuracy.toFixed(4)}</td>
              <td className="num">{r.valLoss.toFixed(4)}</td>
              <td className="num">{r.valAccuracy.toFixed(4)}</td>
              <td className="num">{formatDuration(r.elapsedMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
