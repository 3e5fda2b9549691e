import { useId } from 'react';
import { VARIED_SETTINGS } from '../runs/comparison';
import { VARIATION_HINTS, VARIATION_LABELS } from '../runs/variationText';
import { SelectField } from './SelectField';
import { selectBusy, selectComparison, selectData } from '../store/selectors';
import { useApp } from './StoreContext';
import { Switch } from './Switch';
import { useComparison } from './useComparison';
import { useHidden } from './useHidden';

const SETTING_OPTIONS = VARIED_SETTINGS.map((s) => ({ value: s, label: VARIATION_LABELS[s] }));

/**
 * Paired A/B runs and sweeps: the experiment above, trained once per value of one setting. All
 * else stays equal: same seed, so the same initial weights for every shared layer and the same
 * batch order.
 */
export function ComparePanel() {
  const comparison = useApp(selectComparison);
  const busy = useApp(selectBusy);
  const data = useApp(selectData);
  const setComparison = useApp((s) => s.setComparison);
  const startPlan = useApp((s) => s.startPlan);
  const result = useComparison();
  const valuesId = useId();
  const hidden = useHidden('compare');
  const count = result.ok ? result.value.plan.flat().length : 0;
  if (hidden) return null;
  return (
    <section className="panel" aria-labelledby="compare-heading">
      <h2 id="compare-heading">Compare</h2>
      <p className="field-hint">Train the experiment above once per value of one setting; everything else stays identical.</p>
      <fieldset disabled={busy} className="plain">
        <SelectField label="Setting that differs" value={comparison.setting} options={SETTING_OPTIONS} onChange={(setting) => setComparison({ setting })} />
        <div className="field">
          <label htmlFor={valuesId}>Values</label>
          <input
            id={valuesId}
            type="text"
            autoComplete="off"
            spellCheck={false}
            value={comparison.values}
            aria-invalid={result.ok ? undefined : true}
            aria-describedby={`${valuesId}-message`}
            onChange={(e) => setComparison({ values: e.target.value })}
          />
          <p id={`${valuesId}-message`} className={result.ok ? 'field-hint' : 'field-error'}>
            {result.ok ? VARIATION_HINTS[comparison.setting] : result.error}
          </p>
        </div>
        <fieldset>
          <legend>Schedule</legend>
          <label className="radio">
            <input type="radio" name="schedule" checked={comparison.schedule === 'together'} onChange={() => setComparison({ schedule: 'together' })} />
            Side by side (curves grow together)
          </label>
          <label className="radio">
            <input type="radio" name="schedule" checked={comparison.schedule === 'queue'} onChange={() => setComparison({ schedule: 'queue' })} />
            One after another
          </label>
        </fieldset>
        {comparison.setting !== 'batchNorm' ? (
          <Switch label="Also train each without BatchNorm" checked={comparison.alsoWithoutBn} onChange={(alsoWithoutBn) => setComparison({ alsoWithoutBn })} />
        ) : null}
        <button type="button" className="primary" disabled={!result.ok || data.status !== 'ready'} onClick={() => result.ok && startPlan(result.value.plan)}>
          Train comparison{count ? ` (${count} runs)` : ''}
        </button>
      </fieldset>
    </section>
  );
}
