import { Fragment } from 'react';
import type { RunRecord } from '../runs/runRecord';
import { RunSwatch } from './RunSwatch';

interface ComparisonHeadProps {
  runs: readonly RunRecord[];
  /** Two runs: a Δ column follows theirs. */
  pair: boolean;
}

/** The comparison table's two header rows: each run's name over its val_accuracy and val_loss columns. */
export function ComparisonHead({ runs, pair }: ComparisonHeadProps) {
  return (
    <thead>
      <tr>
        <th scope="col" rowSpan={2}>
          Epoch
        </th>
        {runs.map((run) => (
          <th scope="colgroup" colSpan={2} key={run.id}>
            <span className="run-label">
              <RunSwatch run={run} /> {run.name}
            </span>
          </th>
        ))}
        {pair ? (
          <th scope="col" rowSpan={2} className="num">
            Δ val_accuracy
          </th>
        ) : null}
      </tr>
      <tr>
        {runs.map((run) => (
          <Fragment key={run.id}>
            <th scope="col" className="num">
              val_accuracy
            </th>
            <th scope="col" className="num">
              val_loss
            </th>
          </Fragment>
        ))}
      </tr>
    </thead>
  );
}
