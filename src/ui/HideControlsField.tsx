import { HIDEABLE_CONTROLS, orderedControls, type HideableControl } from '../share/hideableControls';

export const HIDEABLE_LABELS: Record<HideableControl, string> = {
  presets: 'Presets',
  data: 'Training and validation images',
  batchnorm: 'BatchNorm switches',
  layers: 'Layer widths, add and remove',
  activation: 'Activation',
  batchsize: 'Batch size',
  epochs: 'Epochs',
  optimizer: 'Optimizer',
  learningrate: 'Learning rate',
  seed: 'Random seed',
  backend: 'Backend',
  summary: 'Model summary',
  compare: 'Compare',
  share: 'Share',
  runs: 'Runs list',
  history: 'History per epoch',
};

interface HideControlsFieldProps {
  value: readonly HideableControl[];
  onChange(value: HideableControl[]): void;
}

/** Checkboxes for the controls a link hides (a guided exercise): one per name in HIDEABLE_CONTROLS. */
export function HideControlsField({ value, onChange }: HideControlsFieldProps) {
  const toggle = (control: HideableControl, on: boolean) =>
    onChange(orderedControls(on ? [...value, control] : value.filter((c) => c !== control)));
  return (
    <fieldset className="hide-controls">
      <legend>Hide in the link</legend>
      <p className="field-hint">For a guided exercise: whoever opens the link does not see these; they keep the values above.</p>
      <div className="hide-grid">
        {HIDEABLE_CONTROLS.map((control) => (
          <label key={control} className="radio">
            <input type="checkbox" checked={value.includes(control)} onChange={(e) => toggle(control, e.target.checked)} />
            {HIDEABLE_LABELS[control]}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
