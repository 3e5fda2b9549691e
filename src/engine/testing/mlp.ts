import type { ModelConfig } from '../config';
import { mlpFormOf, mlpModel, type HiddenLayerForm, type MlpForm } from '../mlpForm';

/** A model config from hidden layers in the MLP form's terms (ReLU, no input BatchNorm unless `options` say). */
export const mlp = (hidden: HiddenLayerForm[], options: Partial<Omit<MlpForm, 'hidden'>> = {}): ModelConfig =>
  mlpModel({ inputBatchNorm: false, activation: 'relu', ...options, hidden });

/** `model` as the MLP form sees it; throws if the form cannot show it. */
export function formOf(model: ModelConfig): MlpForm {
  const form = mlpFormOf(model.layers);
  if (!form) throw new Error('not an MLP the form can show');
  return form;
}
