import { Fragment, useMemo, useState } from 'react';
import { comparisonGroups, epochComparison } from '../runs/runSummary';
import { SelectField } from './SelectField';
import { selectRuns } from '../store/selectors';
import { RunSwatch } from './RunSwatch';
import { useApp } from './StoreContext';

const fixed4 = (x: number | undefined) => (x === undefined ? '—' : x.toFixed(4));

/** A difference with its sign in words' place: "+0.0123", "−0.0045" (a real minus sign, read aloud as "minus"), "0.0000". */
function formatDelta(d: number): string {
  const text = Math.abs(d).toFixed(4);
  if (Number(text) === 0) return text;
  return `${d > 0 ? '+' : '−'}${text}`;
}

/**
 * Validation metrics of the runs of one comparison, epoch by epoch, so a student sees at which
 * epoch one pulls ahead; for a pair, a Δ column (first − second validation accuracy). Shows the
 * newest comparison; with several, a select picks another. Renders nothing without a comparison.
 */
export function ComparisonTable() {
  const runs = useApp(selectRuns);
  const groups = useMemo(() => comparisonGroups(runs), [runs]);
  const [chosenId, setChosenId] = useState<string | null>(null);
  const group = groups.find((g) => g.id === chosenId) ?? groups.at(-1);
  const members = group?.runs;
  const rows = useMemo(() => (members ? epochComparison(members) : []), [members]);
  if (!group) return null;
  const pair = group.runs.length === 2;
  return (
    <div className="comparison-table" data-testid="comparison-table">
      {groups.length > 1 ? (
        <SelectField
          label="Comparison"
          value={group.id}
          options={groups.map((g) => ({ value: g.id, label: g.runs.map((r) => r.name).join(' vs ') }))}
          onChange={setChosenId}
        />
      ) : null}
      <div className="table-scroll">
        <table className="summary">
          <caption>
            Difference per epoch{' '}
            <span className="caption-note">
              Validation accuracy of each run at the end of every epoch{pair ? '; Δ = first − second.' : '.'}
            </span>
          </caption>
          <colgroup span={1} />
          {group.runs.map((run) => (
            <colgroup span={2} key={run.id} />
          ))}
          {pair ? <colgroup span={1} /> : null}
          <thead>
            <tr>
              <th scope="col" rowSpan={2}>
                Epoch
              </th>
              {group.runs.map((run) => (
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
              {group.runs.map((run) => (
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
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={1 + 2 * group.runs.length + (pair ? 1 : 0)} className="muted">
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
                    <Fragment key={group.runs[i]!.id}>
                      <td className="num">{fixed4(v?.accuracy)}</td>
                      <td className="num">{fixed4(v?.loss)}</td>
                    </Fragment>
                  ))}
                  {pair ? <td className="num">{a && b ? formatDelta(a.accuracy - b.accuracy) : '—'}</td> : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
