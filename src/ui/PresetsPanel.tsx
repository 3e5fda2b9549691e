import { useState } from 'react';
import { findPreset, PRESETS, presetPlan } from '../runs/presets';
import { SelectField } from './SelectField';
import { selectBusy, selectData } from '../store/selectors';
import { useApp } from './StoreContext';
import { useHidden } from './useHidden';

const OPTIONS = [{ value: '', label: 'Choose a preset…' }, ...PRESETS.map((p) => ({ value: p.id, label: p.title }))];

/** The seeds' experiments, one click away: choosing one fills in the forms; the button trains it as published. */
export function PresetsPanel() {
  const busy = useApp(selectBusy);
  const data = useApp(selectData);
  const loadConfig = useApp((s) => s.loadConfig);
  const loadComparison = useApp((s) => s.loadComparison);
  const startPlan = useApp((s) => s.startPlan);
  const [id, setId] = useState('');
  const hidden = useHidden('presets');
  const preset = findPreset(id);
  const choose = (next: string) => {
    setId(next);
    const p = findPreset(next);
    if (!p) return;
    loadConfig(p.base);
    if (p.comparison) loadComparison(p.comparison);
  };
  const runs = preset ? presetPlan(preset).flat().length : 0;
  if (hidden) return null;
  return (
    <section className="panel" aria-labelledby="presets-heading">
      <h2 id="presets-heading">Presets</h2>
      <SelectField label="Preset" value={id} options={OPTIONS} onChange={choose} disabled={busy} />
      {preset ? (
        <>
          <p className="preset-description">{preset.description}</p>
          <button type="button" className="primary" disabled={busy || data.status !== 'ready'} onClick={() => startPlan(presetPlan(preset))}>
            Train preset ({runs} {runs === 1 ? 'run' : 'runs'})
          </button>
        </>
      ) : (
        <p className="field-hint">Reproduce the tutorial, the notebook or the BatchNorm paper with their exact settings.</p>
      )}
    </section>
  );
}
