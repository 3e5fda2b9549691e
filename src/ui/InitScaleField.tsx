import { NumberField } from './NumberField';
import { selectDraft } from '../store/selectors';
import { useApp } from './StoreContext';
import { fieldError, useValidation } from './useValidation';

/** The factor on every layer's initial weights (Keras' glorot-uniform draw): 1 is normal; 0.1 or 10 is a bad start. */
export function InitScaleField() {
  const value = useApp((s) => selectDraft(s).initScale);
  const setDraft = useApp((s) => s.setDraft);
  const validation = useValidation();
  return (
    <NumberField
      label="Weight init scale"
      value={value}
      onChange={(initScale) => setDraft({ initScale })}
      error={fieldError(validation, 'model.initScale')}
      hint="× the usual random start (1). Try 0.1 or 10, with and without BatchNorm."
    />
  );
}
