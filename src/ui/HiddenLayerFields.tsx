import type { LayerDraft } from '../store/draft';
import { NumberField } from './NumberField';
import { SelectField } from './SelectField';
import { useApp } from './StoreContext';
import { Switch } from './Switch';
import { useHidden } from './useHidden';
import { fieldError, useValidation } from './useValidation';

const POSITIONS = [
  { value: 'before', label: 'Before activation' },
  { value: 'after', label: 'After activation' },
] as const;

/** One hidden layer's group: width, BatchNorm or LayerNorm switches (one at most) and where it sits, dropout after it. `kind` names it: "Hidden layer 1" in an MLP, "Dense layer 1" after a convnet's blocks. */
export function HiddenLayerFields({ layer, index, kind = 'Hidden' }: { layer: LayerDraft; index: number; kind?: 'Hidden' | 'Dense' }) {
  const updateLayer = useApp((s) => s.updateLayer);
  const removeLayer = useApp((s) => s.removeLayer);
  const validation = useValidation();
  const layersHidden = useHidden('layers');
  const bnHidden = useHidden('batchnorm');
  const name = `${kind} layer ${index + 1}`;
  if (layersHidden && bnHidden) return null;
  return (
    <fieldset className="layer">
      <legend>{name}</legend>
      {layersHidden ? (
        <p className="field-hint">{layer.units} units</p>
      ) : (
        <NumberField
          label="Units"
          value={layer.units}
          onChange={(units) => updateLayer(layer.id, { units })}
          error={fieldError(validation, `model.hidden.${index}.units`)}
        />
      )}
      {bnHidden ? null : (
        <>
          <Switch
            label="BatchNorm"
            checked={layer.batchNorm}
            onChange={(batchNorm) => updateLayer(layer.id, batchNorm ? { batchNorm, layerNorm: false } : { batchNorm })}
          />
          <Switch
            label="LayerNorm"
            checked={layer.layerNorm ?? false}
            onChange={(layerNorm) => updateLayer(layer.id, layerNorm ? { layerNorm, batchNorm: false } : { layerNorm })}
          />
          <SelectField
            label="Normalization position"
            value={layer.bnPosition}
            options={POSITIONS}
            disabled={!layer.batchNorm && !layer.layerNorm}
            onChange={(bnPosition) => updateLayer(layer.id, { bnPosition })}
          />
        </>
      )}
      {layersHidden ? null : (
        <NumberField
          label="Dropout rate"
          value={layer.dropout}
          onChange={(dropout) => updateLayer(layer.id, { dropout })}
          error={fieldError(validation, `model.hidden.${index}.dropout`)}
          hint="0 for none; up to 0.9 (after the layer, in training only)"
        />
      )}
      {layersHidden ? null : (
        <button type="button" className="secondary" onClick={() => removeLayer(layer.id)}>
          Remove layer
        </button>
      )}
    </fieldset>
  );
}
