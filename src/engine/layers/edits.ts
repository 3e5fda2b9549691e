import { BN_EPSILON, BN_MOMENTUM } from './batchNorm';
import { hiddenBlocks } from './blocks';
import { LN_EPSILON } from './layerNorm';
import type { Activation, LayerKind, LayerSpec } from './spec';

/**
 * Edits of a layer list that comparisons and presets make (BatchNorm on or off, another
 * activation). Pure: each returns a new list.
 */

export const hasLayer = (layers: readonly LayerSpec[], kind: LayerKind): boolean => layers.some((l) => l.kind === kind);

export const withoutLayers = (layers: readonly LayerSpec[], kind: LayerKind): LayerSpec[] => layers.filter((l) => l.kind !== kind);

/** Every activation layer set to `fn`. */
export const withActivation = (layers: readonly LayerSpec[], fn: Activation): LayerSpec[] => layers.map((l) => (l.kind === 'activation' ? { ...l, fn } : l));

export interface NormSettings {
  momentum?: number;
  epsilon?: number;
}

/**
 * Every hidden block normalised by `kind`: an existing BatchNorm, LayerNorm or GroupNorm is replaced in its
 * place, a block without one gets it before its activation. `settings` fill the new layers
 * (Keras' defaults otherwise) and also reset existing ones of that kind.
 */
export function withNormalization(layers: readonly LayerSpec[], kind: 'batchNorm' | 'layerNorm', settings: NormSettings = {}): LayerSpec[] {
  const make = (): LayerSpec =>
    kind === 'batchNorm'
      ? { kind, momentum: settings.momentum ?? BN_MOMENTUM, epsilon: settings.epsilon ?? BN_EPSILON }
      : { kind, epsilon: settings.epsilon ?? LN_EPSILON };
  const replace = new Set<number>();
  const insertBefore = new Set<number>();
  for (const block of hiddenBlocks(layers)) {
    if (block.norm) replace.add(block.norm.index);
    else insertBefore.add(block.activation);
  }
  return layers.flatMap((l, i) => (replace.has(i) ? [make()] : insertBefore.has(i) ? [make(), l] : [l]));
}

/**
 * Dropout at `rate` after every hidden Dense block (after its activation and any normalisation
 * that follows it), and nowhere else: a convnet's blocks keep their maps whole, as the convnet
 * form has them. Rate 0 removes all dropout.
 */
export function withDropout(layers: readonly LayerSpec[], rate: number): LayerSpec[] {
  const plain = withoutLayers(layers, 'dropout');
  if (rate === 0) return plain;
  const after = new Set(denseBlocks(plain).map((b) => Math.max(b.activation, b.norm?.index ?? -1)));
  return plain.flatMap((l, i): LayerSpec[] => (after.has(i) ? [l, { kind: 'dropout', rate }] : [l]));
}

/** The hidden blocks whose weight layer is a Dense (every one of an MLP; those after a convnet's Flatten). */
export const denseBlocks = (layers: readonly LayerSpec[]) => hiddenBlocks(layers).filter((b) => layers[b.weight]!.kind === 'dense');

/** Every BatchNorm layer with `momentum` (Keras' meaning). */
export const withBnMomentum = (layers: readonly LayerSpec[], momentum: number): LayerSpec[] =>
  layers.map((l) => (l.kind === 'batchNorm' ? { ...l, momentum } : l));
