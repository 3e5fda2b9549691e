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

/**
 * Toggle buttons (pressed: hidden in the link) for the controls a link hides in a guided exercise,
 * one per name in HIDEABLE_CONTROLS. Buttons, not checkboxes: their names are the controls' own
 * names ("Batch size"), and a label would make the form's field of that name ambiguous.
 */
export function HideControlsField({ value, onChange }: HideControlsFieldProps) {
  const toggle = (control: HideableControl) => onChange(orderedControls(value.includes(control) ? value.filter((c) => c !== control) : [...value, control]));
  return (
    <fieldset className="hide-controls">
      <legend>Hide in the link</legend>
      <p className="field-hint">For a guided exercise: whoever opens the link does not see the pressed ones; they keep the values above.</p>
      <div className="hide-grid">
        {HIDEABLE_CONTROLS.map((control) => (
          <button key={control} type="button" aria-pressed={value.includes(control)} onClick={() => toggle(control)}>
            {HIDEABLE_LABELS[control]}
          </button>
        ))}
      </div>
    </fieldset>
  );
}
