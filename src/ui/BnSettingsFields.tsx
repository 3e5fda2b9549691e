import { selectDraft } from '../store/selectors';
import { NumberField } from './NumberField';
import { useApp } from './StoreContext';
import { fieldError, useValidation } from './useValidation';

/**
 * BatchNorm's momentum and epsilon for every BatchNorm layer of the model. Keras' meaning of
 * momentum (the share the moving statistics keep at each step); the hints translate PyTorch's.
 */
export function BnSettingsFields() {
  const draft = useApp(selectDraft);
  const setDraft = useApp((s) => s.setDraft);
  const validation = useValidation();
  return (
    <div className="bn-settings">
      <NumberField
        label="BN momentum"
        value={draft.bnMomentum}
        onChange={(bnMomentum) => setDraft({ bnMomentum })}
        error={fieldError(validation, 'model.bnMomentum')}
        hint="Keras 0.99; PyTorch's momentum=0.1 means 0.9 here"
      />
      <NumberField
        label="BN epsilon"
        value={draft.bnEpsilon}
        onChange={(bnEpsilon) => setDraft({ bnEpsilon })}
        error={fieldError(validation, 'model.bnEpsilon')}
        hint="Keras 0.001; PyTorch 1e-5"
      />
    </div>
  );
}
