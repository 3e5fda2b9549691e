import { useMemo, useState } from 'react';
import type { ExperimentConfig } from '../../engine/config';
import { hasBatchNorm } from '../../runs/bnPartner';
import { selectModels, selectRuns } from '../../store/selectors';
import { NumberField } from '../NumberField';
import { SelectField } from '../SelectField';
import { useApp } from '../StoreContext';
import { useWorkedBatch } from './useWorkedBatch';
import { WorkedTables } from './WorkedTables';

const START = 'start';

/**
 * Chapter 1's table: BatchNorm's formulas on one unit of a real network and eight real test
 * images, every number shown and the inputs editable. The network is `config`'s as it starts, or
 * after training, the chapter's newest run whose final weights the worker keeps.
 */
export function WorkedExample({ runIds, config }: { runIds: ReadonlySet<string>; config: ExperimentConfig }) {
  const runs = useApp(selectRuns);
  const models = useApp(selectModels);
  const trained = useMemo(() => runs.filter((r) => runIds.has(r.id) && r.id in models && hasBatchNorm(r.config)), [runs, runIds, models]);
  // Null until the student picks: then the newest trained run as soon as the worker keeps one, else the start.
  const [chosen, setChosen] = useState<string | null>(null);
  const newest = trained.at(-1)?.id ?? START;
  const source = chosen !== null && (chosen === START || trained.some((r) => r.id === chosen)) ? chosen : newest;
  const [unitText, setUnitText] = useState('0');
  const unit = /^\d{1,4}$/.test(unitText.trim()) ? Number(unitText) : null;
  const state = useWorkedBatch(source === START ? null : source, config, unit);
  const options = [
    { value: START, label: 'The network as it starts, before training' },
    ...trained.map((r) => ({ value: r.id, label: `After training: ${r.name}` })),
  ];
  return (
    <section className="views-section panel worked" aria-labelledby="worked-heading" data-testid="worked-example">
      <h2 id="worked-heading">BatchNorm by hand, on eight real images</h2>
      <div className="view-controls">
        <SelectField label="Network" value={source} options={options} onChange={setChosen} />
        <NumberField
          label="Unit of the first hidden layer"
          value={unitText}
          onChange={setUnitText}
          error={unit === null ? 'The unit must be a whole number' : undefined}
        />
      </div>
      {state.status === 'waiting' ? <p className="note">Asking the network for its numbers…</p> : null}
      {state.status === 'error' ? (
        <p className="field-error" role="alert">
          {state.message}
        </p>
      ) : null}
      {state.status === 'ready' ? <WorkedTables key={state.id} answer={state.answer} /> : null}
    </section>
  );
}
