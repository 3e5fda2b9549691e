import type { InputScale } from '../engine/inputScale';
import { selectBusy, selectDraft } from '../store/selectors';
import { SelectField } from './SelectField';
import { useApp } from './StoreContext';

const SCALE_OPTIONS: ReadonlyArray<{ value: InputScale; label: string }> = [
  { value: 'div255', label: '÷255: pixels 0–1 (standard)' },
  { value: 'div255twice', label: '÷255 twice: pixels 0–0.004' },
  { value: 'raw', label: 'Not scaled: pixels 0–255' },
];

/**
 * How the training images' and the evaluation (validation and test) images' pixels are scaled.
 * Different choices reproduce the notebook's mistake; the page then warns about it.
 */
export function InputScalingFields() {
  const draft = useApp(selectDraft);
  const busy = useApp(selectBusy);
  const setDraft = useApp((s) => s.setDraft);
  return (
    <fieldset disabled={busy}>
      <legend>Pixel scaling</legend>
      <SelectField label="Training pixel scaling" value={draft.trainScale} options={SCALE_OPTIONS} onChange={(trainScale) => setDraft({ trainScale })} />
      <SelectField label="Evaluation pixel scaling" value={draft.evalScale} options={SCALE_OPTIONS} onChange={(evalScale) => setDraft({ evalScale })} />
      <p className="field-hint">
        Training, validation and test images must be scaled the same way. Choose two different scalings to make the notebook&apos;s mistake on purpose: the page
        then warns you, and the validation loss shows it.
      </p>
    </fieldset>
  );
}
