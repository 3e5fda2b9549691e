import { useMemo } from 'react';
import { epochHistory } from '../store/epochHistory';
import { formatDuration } from './format';
import { selectRun } from './selectors';
import { useApp } from './StoreContext';

/** The run's history per epoch, as Keras' `history.history`: also the charts' text alternative. */
export function EpochTable() {
  const run = useApp(selectRun);
  const series = run?.series;
  const epochs = run?.epochs;
  const rows = useMemo(() => (series && epochs ? epochHistory(series, epochs) : []), [series, epochs]);
  if (rows.length === 0) return null;
  return (
    <details className="history" open>
      <summary>History per epoch (the charts as a table)</summary>
      <table className="summary">
        <thead>
          <tr>
            <th scope="col">Epoch</th>
            <th scope="col" className="num">loss</th>
            <th scope="col" className="num">accuracy</th>
            <th scope="col" className="num">val_loss</th>
            <th scope="col" className="num">val_accuracy</th>
            <th scope="col" className="num">Time</th>
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
