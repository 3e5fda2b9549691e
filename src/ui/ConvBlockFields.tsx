import { ACTIVATIONS } from '../engine/config';
import type { ConvBlockDraft } from '../store/convDraft';
import { NumberField } from './NumberField';
import { SelectField } from './SelectField';
import { useApp } from './StoreContext';
import { useHidden } from './useHidden';
import { fieldError, useValidation } from './useValidation';

const KERNELS = [
  { value: '3', label: '3×3' },
  { value: '5', label: '5×5' },
] as const;
const STRIDES = [
  { value: '1', label: '1' },
  { value: '2', label: '2' },
] as const;
const PADDINGS = [
  { value: 'same', label: 'Same' },
  { value: 'valid', label: 'Valid' },
] as const;
const NORMS = [
  { value: 'batchNorm', label: 'BatchNorm' },
  { value: 'groupNorm', label: 'GroupNorm' },
  { value: 'layerNorm', label: 'LayerNorm' },
  { value: 'none', label: 'None' },
] as const;
const POSITIONS = [
  { value: 'before', label: 'Before' },
  { value: 'after', label: 'After' },
] as const;
const ACTIVATION_LABELS = { relu: 'ReLU', sigmoid: 'Sigmoid', tanh: 'Tanh' } as const;
const ACTIVATION_OPTIONS = ACTIVATIONS.map((a) => ({ value: a, label: ACTIVATION_LABELS[a] }));
const POOLS = [
  { value: 'maxPool', label: 'Max 2×2' },
  { value: 'avgPool', label: 'Average 2×2' },
  { value: 'none', label: 'None' },
] as const;

const labelOf = <T extends string>(options: ReadonlyArray<{ value: T; label: string }>, value: T) => options.find((o) => o.value === value)?.label ?? value;

/** The block in one line, for a page that hides the layers' fields: "8 filters 3×3, stride 1, same padding, max 2×2 pool". */
const blockText = (b: ConvBlockDraft) =>
  `${b.filters} filters ${b.kernel}×${b.kernel}, stride ${b.stride}, ${b.padding} padding, ${b.pool === 'none' ? 'no pool' : `${labelOf(POOLS, b.pool).toLowerCase()} pool`}`;

/** One conv block's group: Conv2D's filters, kernel, stride and padding; its norm and where it sits; its activation and pooling; move and remove. */
export function ConvBlockFields({ block, index, count }: { block: ConvBlockDraft; index: number; count: number }) {
  const update = useApp((s) => s.updateConvBlock);
  const move = useApp((s) => s.moveConvBlock);
  const remove = useApp((s) => s.removeConvBlock);
  const validation = useValidation();
  const layersHidden = useHidden('layers');
  const bnHidden = useHidden('batchnorm');
  const activationHidden = useHidden('activation');
  const error = (field: string) => fieldError(validation, `model.conv.${index}.${field}`);
  // With the layers' fields hidden, their problems still show.
  const hiddenErrors = ['filters', 'kernel', 'stride', 'padding', 'pool'].flatMap((f) => error(f) ?? []);
  const set = (patch: Partial<Omit<ConvBlockDraft, 'id'>>) => update(block.id, patch);
  return (
    <fieldset className="layer conv-block">
      <legend>Block {index + 1}</legend>
      {layersHidden ? (
        <p className="field-hint">{blockText(block)}</p>
      ) : (
        <div className="block-grid">
          <NumberField label="Filters" value={block.filters} onChange={(filters) => set({ filters })} error={error('filters')} />
          <SelectField label="Kernel" value={block.kernel} options={KERNELS} onChange={(kernel) => set({ kernel })} error={error('kernel')} />
          <SelectField label="Stride" value={block.stride} options={STRIDES} onChange={(stride) => set({ stride })} error={error('stride')} />
          <SelectField label="Padding" value={block.padding} options={PADDINGS} onChange={(padding) => set({ padding })} error={error('padding')} />
        </div>
      )}
      <div className="block-grid">
        {bnHidden ? null : (
          <>
            <SelectField label="Normalization" value={block.norm} options={NORMS} onChange={(norm) => set({ norm })} />
            {block.norm === 'groupNorm' ? (
              <NumberField label="Groups" value={block.groups} onChange={(groups) => set({ groups })} error={error('groups')} />
            ) : null}
            <SelectField
              label="Before or after activation"
              value={block.normPosition}
              options={POSITIONS}
              disabled={block.norm === 'none'}
              onChange={(normPosition) => set({ normPosition })}
            />
          </>
        )}
        {activationHidden ? null : (
          <SelectField label="Activation" value={block.activation} options={ACTIVATION_OPTIONS} onChange={(activation) => set({ activation })} />
        )}
        {layersHidden ? (
          hiddenErrors.map((e) => (
            <p key={e} className="field-error" role="alert">
              {e}
            </p>
          ))
        ) : (
          <SelectField label="Pooling" value={block.pool} options={POOLS} onChange={(pool) => set({ pool })} error={error('pool')} />
        )}
      </div>
      {layersHidden ? null : (
        <div className="block-buttons">
          {/* aria-disabled, not disabled: the button a block was moved with keeps the focus at either end. */}
          <button type="button" className="secondary" onClick={() => move(block.id, -1)} aria-disabled={index === 0}>
            Move up
          </button>
          <button type="button" className="secondary" onClick={() => move(block.id, 1)} aria-disabled={index === count - 1}>
            Move down
          </button>
          <button type="button" className="secondary" onClick={() => remove(block.id)} disabled={count === 1}>
            Remove block
          </button>
        </div>
      )}
    </fieldset>
  );
}
