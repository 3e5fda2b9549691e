import { activation } from './activation';
import { batchNorm } from './batchNorm';
import { conv2d } from './conv2d';
import { dense } from './dense';
import { dropout } from './dropout';
import { flatten } from './flatten';
import { globalAvgPool } from './globalAvgPool';
import { groupNorm } from './groupNorm';
import { erase, type AnyLayerDef } from './layerDef';
import { layerNorm } from './layerNorm';
import { avgPool, maxPool } from './pool';
import type { LayerKind, LayerSpec } from './spec';

/** The layer kinds the engine builds (every kind `spec.ts` designs). */
export const BUILT_KINDS = [
  'dense',
  'conv2d',
  'batchNorm',
  'layerNorm',
  'groupNorm',
  'activation',
  'dropout',
  'flatten',
  'maxPool',
  'avgPool',
  'globalAvgPool',
] as const;
export type BuiltKind = (typeof BUILT_KINDS)[number];

/** One row per layer kind. */
export const LAYER_DEFS: Readonly<Record<LayerKind, AnyLayerDef>> = {
  dense: erase(dense),
  conv2d: erase(conv2d),
  batchNorm: erase(batchNorm),
  layerNorm: erase(layerNorm),
  groupNorm: erase(groupNorm),
  activation: erase(activation),
  dropout: erase(dropout),
  flatten: erase(flatten),
  maxPool: erase(maxPool),
  avgPool: erase(avgPool),
  globalAvgPool: erase(globalAvgPool),
};

/** Whether `kind` (any string, as read from a link or file) names a layer kind. */
export const isBuiltKind = (kind: string): kind is BuiltKind => (BUILT_KINDS as readonly string[]).includes(kind);

/** The def of `spec`'s kind. */
export const defOf = (spec: LayerSpec): AnyLayerDef => LAYER_DEFS[spec.kind];
