import { ACTIVATIONS } from '../engine/config';
import { LIMITS } from '../engine/schema';
import { BnSettingsFields } from './BnSettingsFields';
import { ConvFields } from './ConvFields';
import { HiddenLayerFields } from './HiddenLayerFields';
import { InitScaleField } from './InitScaleField';
import { ModelSummaryTable } from './ModelSummaryTable';
import { SelectField } from './SelectField';
import { selectDraft, selectBusy } from '../store/selectors';
import { useApp } from './StoreContext';
import { Switch } from './Switch';
import { useHidden } from './useHidden';
import { useValidation } from './useValidation';

const ACTIVATION_LABELS = { relu: 'ReLU', sigmoid: 'Sigmoid', tanh: 'Tanh' } as const;
const ACTIVATION_OPTIONS = ACTIVATIONS.map((a) => ({ value: a, label: ACTIVATION_LABELS[a] }));
const ARCHITECTURE_OPTIONS = [
  { value: 'mlp', label: 'MLP' },
  { value: 'conv', label: 'Convolutional network' },
] as const;

export function ModelPanel() {
  const draft = useApp(selectDraft);
  const active = useApp(selectBusy);
  const setArchitecture = useApp((s) => s.setArchitecture);
  const validation = useValidation();
  const bnHidden = useHidden('batchnorm');
  const activationHidden = useHidden('activation');
  const layersHidden = useHidden('layers');
  const summaryHidden = useHidden('summary');
  if (bnHidden && activationHidden && layersHidden && summaryHidden) return null;
  return (
    <section className="panel" aria-labelledby="model-heading">
      <h2 id="model-heading">Model</h2>
      {draft.net ? (
        <fieldset disabled={active} className="plain">
          <p className="note">
            This network is a list of {draft.net.length} layers that neither form can show (from a link, a preset or a file); it trains as the summary lists it.
          </p>
          {layersHidden ? null : (
            <div className="block-buttons">
              <button type="button" className="secondary" onClick={() => setArchitecture('mlp')}>
                Edit an MLP in the form instead
              </button>
              <button type="button" className="secondary" onClick={() => setArchitecture('conv')}>
                Edit a convnet in the form instead
              </button>
            </div>
          )}
        </fieldset>
      ) : (
        <>
          {layersHidden ? null : (
            <fieldset disabled={active} className="plain">
              <SelectField label="Network" value={draft.architecture} options={ARCHITECTURE_OPTIONS} onChange={setArchitecture} />
            </fieldset>
          )}
          {draft.architecture === 'conv' ? <ConvFields /> : <MlpFields />}
        </>
      )}
      {summaryHidden ? null : <ModelSummaryTable validation={validation} />}
    </section>
  );
}

/** The MLP form: input BatchNorm, activation, BatchNorm settings, init scale and the hidden layers. */
function MlpFields() {
  const draft = useApp(selectDraft);
  const active = useApp(selectBusy);
  const setDraft = useApp((s) => s.setDraft);
  const addLayer = useApp((s) => s.addLayer);
  const bnHidden = useHidden('batchnorm');
  const activationHidden = useHidden('activation');
  const layersHidden = useHidden('layers');
  return (
    <fieldset disabled={active} className="plain">
      {bnHidden ? null : <Switch label="BatchNorm on the input" checked={draft.inputBatchNorm} onChange={(inputBatchNorm) => setDraft({ inputBatchNorm })} />}
      {activationHidden ? null : (
        <SelectField label="Activation" value={draft.activation} options={ACTIVATION_OPTIONS} onChange={(activation) => setDraft({ activation })} />
      )}
      {bnHidden ? null : <BnSettingsFields />}
      {layersHidden ? null : <InitScaleField />}
      {draft.layers.map((layer, i) => (
        <HiddenLayerFields key={layer.id} layer={layer} index={i} />
      ))}
      {layersHidden ? null : (
        <button type="button" className="secondary" onClick={addLayer} disabled={draft.layers.length >= LIMITS.maxLayers}>
          Add hidden layer
        </button>
      )}
    </fieldset>
  );
}
