import { Fragment } from 'react';
import type { EpochComparisonRow } from '../runs/runSummary';
import type { RunRecord } from '../runs/runRecord';

const fixed4 = (x: number | undefined) => (x === undefined ? '—' : x.toFixed(4));

/** A difference with its sign in words' place: "+0.0123", "−0.0045" (a real minus sign, read aloud as "minus"), "0.0000". */
function formatDelta(d: number): string {
  const text = Math.abs(d).toFixed(4);
  if (Number(text) === 0) return text;
  return `${d > 0 ? '+' : '−'}${text}`;
}

interface ComparisonRowsProps {
  rows: readonly EpochComparisonRow[];
  runs: readonly RunRecord[];
  /** Two runs: a Δ column (first − second validation accuracy) ends each row. */
  pair: boolean;
}

/** The comparison table's body: one row per epoch, each run's validation accuracy and loss. */
export function ComparisonRows({ rows, runs, pair }: ComparisonRowsProps) {
  return (
    <tbody>
      {rows.length === 0 ? (
        <tr>
          <td colSpan={1 + 2 * runs.length + (pair ? 1 : 0)} className="muted">
            No epoch has finished yet.
          </td>
        </tr>
      ) : null}
      {rows.map(({ epoch, values }) => {
        const [a, b] = values;
        return (
          <tr key={epoch}>
            <td>{epoch}</td>
            {values.map((v, i) => (
              <Fragment key={runs[i]!.id}>
                <td className="num">{fixed4(v?.accuracy)}</td>
                <td className="num">{fixed4(v?.loss)}</td>
              </Fragment>
            ))}
            {pair ? <td className="num">{a && b ? formatDelta(a.accuracy - b.accuracy) : '—'}</td> : null}
          </tr>
        );
      })}
    </tbody>
  );
}
