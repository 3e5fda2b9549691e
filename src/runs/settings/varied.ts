import type { Activation, OptimizerKind } from '../../engine/config';

/** The settings a comparison may vary, one at a time, as the seeds do (BN or not; batch 16/64/256), in the Compare panel's order. */
export const VARIED_SETTINGS = ['batchNorm', 'batchSize', 'learningRate', 'activation', 'optimizer', 'dropout'] as const;
export type VariedSetting = (typeof VARIED_SETTINGS)[number];

/** The type of each varied setting's values. Dropout: after every hidden Dense layer at each rate (0: none). */
export interface VariedValue {
  batchNorm: boolean;
  batchSize: number;
  learningRate: number;
  activation: Activation;
  optimizer: OptimizerKind;
  dropout: number;
}

/** One setting and the values a comparison trains it at. */
export type Variation = { [S in VariedSetting]: { setting: S; values: VariedValue[S][] } }[VariedSetting];
