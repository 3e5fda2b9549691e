import { OPTIMIZERS } from '../engine/config';
import { BACKEND_PREFERENCES } from '../worker/protocol';
import { LearningRateField } from './LearningRateField';
import { NumberField } from './NumberField';
import { SelectField } from './SelectField';
import { selectBackendPreference, selectDraft, selectBusy } from '../store/selectors';
import { useApp } from './StoreContext';
import { useHidden } from './useHidden';
import { fieldError, useValidation } from './useValidation';

const OPTIMIZER_LABELS = { adam: 'Adam', sgd: 'SGD', momentum: 'SGD with momentum (0.9)' } as const;
const OPTIMIZER_OPTIONS = OPTIMIZERS.map((o) => ({ value: o, label: OPTIMIZER_LABELS[o] }));
const BACKEND_LABELS = {
  auto: 'Auto (fastest on this device)',
  webgl: 'WebGL (GPU)',
  webgpu: 'WebGPU (GPU, experimental)',
  wasm: 'WebAssembly (CPU)',
  cpu: 'Plain JavaScript (slow)',
} as const;
const BACKEND_OPTIONS = BACKEND_PREFERENCES.map((b) => ({ value: b, label: BACKEND_LABELS[b] }));

export function TrainingPanel() {
  const draft = useApp(selectDraft);
  const active = useApp(selectBusy);
  const backend = useApp(selectBackendPreference);
  const setDraft = useApp((s) => s.setDraft);
  const setBackendPreference = useApp((s) => s.setBackendPreference);
  const validation = useValidation();
  const err = (key: string) => fieldError(validation, key);
  const hidden = {
    batchsize: useHidden('batchsize'),
    epochs: useHidden('epochs'),
    optimizer: useHidden('optimizer'),
    seed: useHidden('seed'),
    backend: useHidden('backend'),
    learningrate: useHidden('learningrate'),
  };
  if (Object.values(hidden).every(Boolean)) return null;
  return (
    <section className="panel" aria-labelledby="training-heading">
      <h2 id="training-heading">Training</h2>
      <fieldset disabled={active} className="plain">
        {hidden.batchsize ? null : (
          <NumberField label="Batch size" value={draft.batchSize} onChange={(v) => setDraft({ batchSize: v })} error={err('train.batchSize')} />
        )}
        {hidden.epochs ? null : <NumberField label="Epochs" value={draft.epochs} onChange={(v) => setDraft({ epochs: v })} error={err('train.epochs')} />}
        {hidden.optimizer ? null : (
          <SelectField label="Optimizer" value={draft.optimizer} options={OPTIMIZER_OPTIONS} onChange={(optimizer) => setDraft({ optimizer })} />
        )}
        {hidden.seed ? null : <NumberField label="Random seed" value={draft.seed} onChange={(v) => setDraft({ seed: v })} error={err('train.seed')} />}
        {hidden.backend ? null : <SelectField label="Backend" value={backend} options={BACKEND_OPTIONS} onChange={setBackendPreference} />}
      </fieldset>
      {hidden.learningrate ? null : (
        <LearningRateField value={draft.learningRate} error={err('train.learningRate')} onChange={(v) => setDraft({ learningRate: v })} />
      )}
    </section>
  );
}
