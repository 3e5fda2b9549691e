import type { HiddenBlock } from '../../engine/layers/blocks';
import { hasBatchNorm } from '../../runs/bnPartner';
import type { RunRecord } from '../../runs/runRecord';
import { SelectField } from '../SelectField';
import { useApp } from '../StoreContext';
import { blockLabel, blockWords } from './blockWords';
import { AUTO, NONE } from './useInsideSelection';

interface InsideControlsProps {
  run: RunRecord;
  probed: readonly RunRecord[];
  /** The run's twin with or without BatchNorm, if one was probed. */
  partner: RunRecord | null;
  /** The "Beside it" choice: AUTO, NONE or a run's id. */
  pairChoice: string;
  layers: readonly HiddenBlock[];
  layer: number;
  units: number;
  unit: number;
}

/**
 * The selects of "Inside BatchNorm": the run, the run beside it, and the hidden block and its unit
 * (a channel in a Conv2D block); they set the store's view.
 */
export function InsideControls({ run, probed, partner, pairChoice, layers, layer, units, unit }: InsideControlsProps) {
  const setView = useApp((s) => s.setInsideView);
  const { Unit } = blockWords(layers[layer]);
  return (
    <div className="view-controls inside-controls">
      <SelectField label="Inside run" value={run.id} options={probed.map((r) => ({ value: r.id, label: r.name }))} onChange={(runId) => setView({ runId })} />
      <SelectField
        label="Beside it"
        value={pairChoice}
        options={[
          {
            value: AUTO,
            label: partner ? `Its twin ${hasBatchNorm(partner.config) ? 'with' : 'without'} BatchNorm: ${partner.name}` : 'Its twin (none trained)',
          },
          ...probed.filter((r) => r.id !== run.id).map((r) => ({ value: r.id, label: r.name })),
          { value: NONE, label: 'Nothing' },
        ]}
        onChange={(v) => setView({ pairId: v === AUTO ? null : v })}
      />
      {layers.length > 0 ? (
        <>
          <SelectField
            label="Layer"
            value={String(layer)}
            options={layers.map((_, i) => ({ value: String(i), label: blockLabel(run.config.model.layers, layers, i) }))}
            onChange={(v) => setView({ layer: Number(v), unit: 0 })}
          />
          <SelectField
            label={Unit}
            value={String(unit)}
            options={Array.from({ length: units }, (_, u) => ({ value: String(u), label: `${Unit} ${u + 1} of ${units}` }))}
            onChange={(v) => setView({ unit: Number(v) })}
          />
        </>
      ) : null}
    </div>
  );
}
