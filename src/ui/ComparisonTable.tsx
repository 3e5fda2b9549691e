import { useMemo, useState } from 'react';
import { comparisonGroups, epochComparison } from '../runs/runSummary';
import { SelectField } from './SelectField';
import { selectRuns } from '../store/selectors';
import { ComparisonHead } from './ComparisonHead';
import { ComparisonRows } from './ComparisonRows';
import { useApp } from './StoreContext';

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
            <span className="caption-note">Validation accuracy of each run at the end of every epoch{pair ? '; Δ = first − second.' : '.'}</span>
          </caption>
          <colgroup span={1} />
          {group.runs.map((run) => (
            <colgroup span={2} key={run.id} />
          ))}
          {pair ? <colgroup span={1} /> : null}
          <ComparisonHead runs={group.runs} pair={pair} />
          <ComparisonRows rows={rows} runs={group.runs} pair={pair} />
        </table>
      </div>
    </div>
  );
}
