import { DATASET_SPECS } from '../data/datasets';
import { DATASETS } from '../engine/config';
import { formatBytes, formatInt } from '../format';
import { InputScalingFields } from './InputScalingFields';
import { NumberField } from './NumberField';
import { SelectField } from './SelectField';
import { selectData, selectDraft, selectBusy } from '../store/selectors';
import { useApp } from './StoreContext';
import { useHidden } from './useHidden';
import { fieldError, useValidation } from './useValidation';

const DATASET_OPTIONS = DATASETS.map((d) => ({ value: d, label: DATASET_SPECS[d].title }));

/** The dataset and its download state, and which images train and validate. */
export function DataPanel() {
  const data = useApp(selectData);
  const draft = useApp(selectDraft);
  const active = useApp(selectBusy);
  const setDraft = useApp((s) => s.setDraft);
  const loadData = useApp((s) => s.loadData);
  const validation = useValidation();
  const formHidden = useHidden('data');
  const title = DATASET_SPECS[data.dataset].title;

  return (
    <section className="panel" aria-labelledby="data-heading">
      <h2 id="data-heading">Data</h2>
      {data.status === 'loading' || data.status === 'idle' ? (
        <div className="field">
          <label htmlFor="data-progress">Downloading {title}</label>
          <progress id="data-progress" max={data.totalBytes || 1} value={data.loadedBytes} />
          <p className="field-hint">
            {formatBytes(data.loadedBytes)} of {data.totalBytes ? formatBytes(data.totalBytes) : '…'}
          </p>
        </div>
      ) : null}
      {data.status === 'ready' ? (
        <p className="data-ready">
          {title}: {formatInt(data.trainCount)} training / {formatInt(data.testCount)} test images
        </p>
      ) : null}
      {data.status === 'error' ? (
        <div className="error-box" role="alert">
          <p>
            Could not load {title}. {data.error}
          </p>
          <button type="button" onClick={loadData}>
            Retry
          </button>
        </div>
      ) : null}
      {formHidden ? null : (
        <SelectField label="Dataset" value={draft.dataset} options={DATASET_OPTIONS} onChange={(dataset) => setDraft({ dataset })} disabled={active} />
      )}
      {formHidden ? null : (
        <fieldset disabled={active}>
          <legend>Validation data</legend>
          <label className="radio">
            <input type="radio" name="validation" checked={draft.validation === 'test'} onChange={() => setDraft({ validation: 'test' })} />
            The 10,000 test images (as the tutorial)
          </label>
          <label className="radio">
            <input type="radio" name="validation" checked={draft.validation === 'holdout'} onChange={() => setDraft({ validation: 'holdout' })} />
            The first training images (as the notebook)
          </label>
          {draft.validation === 'holdout' ? (
            <NumberField
              label="Validation images"
              value={draft.holdoutSize}
              onChange={(v) => setDraft({ holdoutSize: v })}
              error={fieldError(validation, 'train.validation.size')}
            />
          ) : null}
          <NumberField
            label="Training images"
            value={draft.trainLimit}
            placeholder="all"
            hint="Empty: all of them. Fewer images train faster."
            onChange={(v) => setDraft({ trainLimit: v })}
            error={fieldError(validation, 'train.trainLimit')}
          />
        </fieldset>
      )}
      {formHidden ? null : <InputScalingFields />}
    </section>
  );
}
