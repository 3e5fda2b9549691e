import { className, type DatasetId } from '../../data/datasets';
import { formatPercent } from '../../format';

interface ProbabilityBarsProps {
  /** `[10]` class probabilities. */
  probabilities: ArrayLike<number>;
  dataset: DatasetId;
  /** The table's caption (its accessible name). */
  caption: string;
}

/**
 * The 10 class probabilities as a bar chart in a table (name, bar, percentage); the most likely
 * class in bold with a marker and its own colour, so it stands out without colour too.
 */
export function ProbabilityBars({ probabilities, dataset, caption }: ProbabilityBarsProps) {
  const values = Array.from(probabilities);
  const top = values.indexOf(Math.max(...values));
  return (
    <table className="probability-bars" data-testid="probability-bars">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Class</th>
          <th scope="col">Probability</th>
          <th scope="col" className="num">
            %
          </th>
        </tr>
      </thead>
      <tbody>
        {values.map((p, c) => (
          <tr key={c} className={c === top ? 'top' : undefined} data-probability={p}>
            <th scope="row">
              {className(dataset, c)}
              {c === top ? <span className="top-mark"> ◀ most likely</span> : null}
            </th>
            <td className="bar-cell" aria-hidden="true">
              <span className="bar" style={{ width: `${Math.max(0, Math.min(1, p)) * 100}%` }} />
            </td>
            <td className="num">{formatPercent(p)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
