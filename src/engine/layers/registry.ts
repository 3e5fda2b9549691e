import { activation } from './activation';
import { batchNorm } from './batchNorm';
import { dense } from './dense';
import { dropout } from './dropout';
import { flatten } from './flatten';
import { globalAvgPool } from './globalAvgPool';
import { erase, type AnyLayerDef } from './layerDef';
import { layerNorm } from './layerNorm';
import { avgPool, maxPool } from './pool';
import type { LayerKind, LayerSpec } from './spec';

/** The layer kinds the engine builds; `conv2d` and `groupNorm` are designed in `spec.ts` and come with convolutional networks. */
export const BUILT_KINDS = ['dense', 'batchNorm', 'layerNorm', 'activation', 'dropout', 'flatten', 'maxPool', 'avgPool', 'globalAvgPool'] as const;
export type BuiltKind = (typeof BUILT_KINDS)[number];

/** One row per layer kind. */
export const LAYER_DEFS: Readonly<Record<BuiltKind, AnyLayerDef>> = {
  dense: erase(dense),
  batchNorm: erase(batchNorm),
  layerNorm: erase(layerNorm),
  activation: erase(activation),
  dropout: erase(dropout),
  flatten: erase(flatten),
  maxPool: erase(maxPool),
  avgPool: erase(avgPool),
  globalAvgPool: erase(globalAvgPool),
};

export const isBuiltKind = (kind: LayerKind): kind is BuiltKind => (BUILT_KINDS as readonly string[]).includes(kind);

/** The def of `spec`'s kind. Throws for a kind that is designed but not built (the schema lets none through). */
export function defOf(spec: LayerSpec): AnyLayerDef {
  if (!isBuiltKind(spec.kind)) throw new Error(`The ${spec.kind} layer is not available yet.`);
  return LAYER_DEFS[spec.kind];
}
