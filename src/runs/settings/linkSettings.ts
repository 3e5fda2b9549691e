import { defaultExperiment, type ExperimentConfig, type LayerSpec } from '../../engine/config';
import { layersFromMlpForm, mlpFormOf, type MlpForm } from '../../engine/mlpForm';

/**
 * What a link sets: the experiment with its model as the MLP form shows it (the keys `layers`,
 * `inbn`, `act`, `bnmom`, `bneps` edit that view), or, with `net`, any layer list.
 */
export type LinkSettings = Omit<ExperimentConfig, 'model'> & { model: MlpForm & { initScale?: number }; net?: LayerSpec[] };

/** The experiment a link's settings mean. */
export function toConfig(s: LinkSettings): ExperimentConfig {
  const { net, model, ...rest } = s;
  const { initScale, ...form } = model;
  return { ...rest, model: { layers: net ?? layersFromMlpForm(form), ...(initScale !== undefined ? { initScale } : {}) } };
}

/** A config as link settings: its model in the MLP form's view, or (a list the form cannot show) as `net`. */
export function toSettings(config: ExperimentConfig): LinkSettings {
  const { model, ...rest } = structuredClone(config);
  const form = mlpFormOf(model.layers);
  const initScale = model.initScale !== undefined ? { initScale: model.initScale } : {};
  return form
    ? { ...rest, model: { ...form, ...initScale } }
    : { ...rest, model: { ...toSettings(defaultExperiment()).model, ...initScale }, net: model.layers };
}

export const defaultSettings = (): LinkSettings => toSettings(defaultExperiment());
