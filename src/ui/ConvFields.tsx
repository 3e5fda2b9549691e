import { ACTIVATIONS } from '../engine/config';
import { CONV_HEADS, MAX_CONV_BLOCKS } from '../engine/convForm';
import { LIMITS } from '../engine/schema';
import { selectBusy, selectDraft } from '../store/selectors';
import { BnSettingsFields } from './BnSettingsFields';
import { ConvBlockFields } from './ConvBlockFields';
import { HiddenLayerFields } from './HiddenLayerFields';
import { InitScaleField } from './InitScaleField';
import { SelectField } from './SelectField';
import { useApp } from './StoreContext';
import { useHidden } from './useHidden';

const ACTIVATION_LABELS = { relu: 'ReLU', sigmoid: 'Sigmoid', tanh: 'Tanh' } as const;
const ACTIVATION_OPTIONS = ACTIVATIONS.map((a) => ({ value: a, label: ACTIVATION_LABELS[a] }));
const HEAD_LABELS = { flatten: 'Flatten', globalAvgPool: 'Global average pooling' } as const;
const HEAD_OPTIONS = CONV_HEADS.map((h) => ({ value: h, label: HEAD_LABELS[h] }));

/**
 * The convnet form: one activation for the whole network (a block can then take another),
 * BatchNorm settings, init scale, the conv blocks, how their maps become a vector, the Dense layers.
 */
export function ConvFields() {
  const draft = useApp(selectDraft);
  const active = useApp(selectBusy);
  const setDraft = useApp((s) => s.setDraft);
  const setActivation = useApp((s) => s.setConvActivation);
  const addBlock = useApp((s) => s.addConvBlock);
  const addLayer = useApp((s) => s.addLayer);
  const bnHidden = useHidden('batchnorm');
  const activationHidden = useHidden('activation');
  const layersHidden = useHidden('layers');
  const blocks = draft.convBlocks;
  return (
    <fieldset disabled={active} className="plain">
      {activationHidden ? null : (
        <SelectField label="Activation (every layer)" value={draft.activation} options={ACTIVATION_OPTIONS} onChange={setActivation} />
      )}
      {bnHidden ? null : <BnSettingsFields />}
      {layersHidden ? null : <InitScaleField />}
      {blocks.map((block, i) => (
        <ConvBlockFields key={block.id} block={block} index={i} count={blocks.length} />
      ))}
      {layersHidden ? null : (
        <>
          <button type="button" className="secondary" onClick={addBlock} disabled={blocks.length >= MAX_CONV_BLOCKS}>
            Add block
          </button>
          <SelectField label="After the blocks" value={draft.convHead} options={HEAD_OPTIONS} onChange={(convHead) => setDraft({ convHead })} />
        </>
      )}
      {draft.layers.map((layer, i) => (
        <HiddenLayerFields key={layer.id} layer={layer} index={i} kind="Dense" />
      ))}
      {layersHidden ? null : (
        <button type="button" className="secondary" onClick={addLayer} disabled={draft.layers.length >= LIMITS.maxLayers}>
          Add Dense layer
        </button>
      )}
    </fieldset>
  );
}
