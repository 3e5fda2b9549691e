import type { Activation, LayerSpec } from './spec';

/** The normalisations a hidden block can have. */
export type BlockNormKind = 'batchNorm' | 'layerNorm' | 'groupNorm';

/**
 * A hidden block: a weight layer (Dense or Conv2D) and what follows it up to the next weight
 * layer, pool or Flatten, when it has an activation. Probes and the Inside BatchNorm views look at
 * a network block by block, as Ioffe & Szegedy's Figure 1 does: the input to the block's
 * activation, and its BatchNorm (per unit of a Dense block, per channel of a Conv2D block).
 */
export interface HiddenBlock {
  /** Index of the weight layer in the list. */
  weight: number;
  /** Index of the activation layer. */
  activation: number;
  fn: Activation;
  /** Whether the weight layer is a convolution: then `units` counts channels, each seen at every position of an image. */
  conv: boolean;
  /** Features of the activation's input: units of a Dense block, channels (filters) of a Conv2D block. */
  units: number;
  /** The block's normalisation layer and where it sits relative to the activation; null when none. */
  norm: { index: number; kind: BlockNormKind; position: 'before' | 'after' } | null;
  /** Index of the block's dropout layer, if any. */
  dropout: number | null;
}

const isWeight = (spec: LayerSpec) => spec.kind === 'dense' || spec.kind === 'conv2d';
const isBoundary = (spec: LayerSpec) =>
  isWeight(spec) || spec.kind === 'flatten' || spec.kind === 'maxPool' || spec.kind === 'avgPool' || spec.kind === 'globalAvgPool';

/** The hidden blocks of a layer list, in order (the output Dense has no activation and is none). Pure. */
export function hiddenBlocks(layers: readonly LayerSpec[]): HiddenBlock[] {
  const blocks: HiddenBlock[] = [];
  for (let w = 0; w < layers.length; w++) {
    const weight = layers[w]!;
    if (!isWeight(weight)) continue;
    let end = w + 1;
    while (end < layers.length && !isBoundary(layers[end]!)) end += 1;
    const inside = layers.slice(w + 1, end).map((spec, k) => ({ spec, index: w + 1 + k }));
    const act = inside.find((l) => l.spec.kind === 'activation');
    if (!act || act.spec.kind !== 'activation') continue;
    const norm = inside.find((l) => l.spec.kind === 'batchNorm' || l.spec.kind === 'layerNorm' || l.spec.kind === 'groupNorm');
    blocks.push({
      weight: w,
      activation: act.index,
      fn: act.spec.fn,
      conv: weight.kind === 'conv2d',
      units: weight.kind === 'dense' ? weight.units : weight.kind === 'conv2d' ? weight.filters : 0,
      norm: norm ? { index: norm.index, kind: norm.spec.kind as BlockNormKind, position: norm.index < act.index ? 'before' : 'after' } : null,
      dropout: inside.find((l) => l.spec.kind === 'dropout')?.index ?? null,
    });
  }
  return blocks;
}

/** Whether the network normalises its input with BatchNorm (a BatchNorm before its first weight layer). */
export const normalisesInput = (layers: readonly LayerSpec[]): boolean => {
  const firstWeight = layers.findIndex(isWeight);
  return layers.slice(0, firstWeight < 0 ? layers.length : firstWeight).some((l) => l.kind === 'batchNorm');
};
