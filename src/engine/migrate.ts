import { layersFromMlpForm, type MlpForm } from './mlpForm';

/**
 * Models saved before layer lists (version 1: `{ inputBatchNorm, activation, hidden: [{ units,
 * batchNorm, bnPosition, layerNorm? }], bnMomentum?, bnEpsilon?, initScale? }`) in runs files,
 * IndexedDB and links, read as the layer list they meant (version 2: `{ layers, initScale? }`).
 * Anything else passes unchanged, for the schema to judge. Pure.
 */
export function migrateModel(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || 'layers' in raw || !('hidden' in raw) || !Array.isArray(raw.hidden)) return raw;
  const old = raw as Record<string, unknown> & { hidden: unknown[] };
  const form: MlpForm = {
    inputBatchNorm: old.inputBatchNorm === true,
    // Passed on as found: a wrong value reaches the schema, which names it.
    activation: old.activation as MlpForm['activation'],
    hidden: old.hidden.map((h) => {
      const layer = (typeof h === 'object' && h !== null ? h : {}) as Record<string, unknown>;
      return {
        units: layer.units as number,
        batchNorm: layer.batchNorm === true,
        bnPosition: layer.bnPosition === 'after' ? 'after' : 'before',
        ...(layer.layerNorm === true ? { layerNorm: true } : {}),
      };
    }),
    ...(old.bnMomentum !== undefined ? { bnMomentum: old.bnMomentum as number } : {}),
    ...(old.bnEpsilon !== undefined ? { bnEpsilon: old.bnEpsilon as number } : {}),
  };
  return { layers: layersFromMlpForm(form), ...(old.initScale !== undefined ? { initScale: old.initScale } : {}) };
}
