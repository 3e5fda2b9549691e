import { GN_EPSILON } from './layers/groupNorm';
import { LN_EPSILON } from './layers/layerNorm';
import type { Activation, LayerSpec } from './layers/spec';
import { bnMaker, denseFormOf, denseLayers, sameBnSettings, type BnPosition, type HiddenLayerForm } from './mlpForm';

/** A conv block's normalisation: per channel over batch × height × width (BatchNorm), per sample in groups (GroupNorm), per position over channels (LayerNorm), or none. */
export const CONV_NORMS = ['batchNorm', 'groupNorm', 'layerNorm', 'none'] as const;
export type ConvNorm = (typeof CONV_NORMS)[number];

/** A conv block's 2×2 pooling after its activation, or none. */
export const CONV_POOLS = ['maxPool', 'avgPool', 'none'] as const;
export type ConvPool = (typeof CONV_POOLS)[number];

/** How the feature maps become a vector for the Dense layers. */
export const CONV_HEADS = ['flatten', 'globalAvgPool'] as const;
export type ConvHead = (typeof CONV_HEADS)[number];

/** The form's pooling window (the only one it offers). */
export const POOL_SIZE = 2;
export const MAX_CONV_BLOCKS = 6;

/** One block: Conv2D, its normalisation (at `normPosition`), its activation, its pooling. */
export interface ConvBlockForm {
  filters: number;
  kernel: number;
  stride: number;
  padding: 'same' | 'valid';
  norm: ConvNorm;
  /** GroupNorm's groups; present only with `norm: 'groupNorm'`. */
  groups?: number;
  normPosition: BnPosition;
  activation: Activation;
  pool: ConvPool;
}

/**
 * The convnet form's view of a layer list, as `MlpForm` is the MLP's: conv blocks, Flatten or
 * global average pooling, then Dense layers as the MLP form has them (`activation` is theirs),
 * then Dense 10. Every BatchNorm, in blocks and Dense layers, shares `bnMomentum` and `bnEpsilon`.
 */
export interface ConvForm {
  blocks: ConvBlockForm[];
  head: ConvHead;
  /** The hidden Dense layers' activation (each block has its own). */
  activation: Activation;
  hidden: HiddenLayerForm[];
  bnMomentum?: number;
  bnEpsilon?: number;
}

/** The layers of one block, in order. */
function blockLayers(b: ConvBlockForm, bn: () => LayerSpec): LayerSpec[] {
  const norm: LayerSpec[] =
    b.norm === 'batchNorm'
      ? [bn()]
      : b.norm === 'groupNorm'
        ? [{ kind: 'groupNorm', groups: b.groups ?? 1, epsilon: GN_EPSILON }]
        : b.norm === 'layerNorm'
          ? [{ kind: 'layerNorm', epsilon: LN_EPSILON }]
          : [];
  const act: LayerSpec = { kind: 'activation', fn: b.activation };
  return [
    { kind: 'conv2d', filters: b.filters, kernel: b.kernel, stride: b.stride, padding: b.padding },
    ...(b.normPosition === 'after' ? [act, ...norm] : [...norm, act]),
    ...(b.pool === 'none' ? [] : [{ kind: b.pool, size: POOL_SIZE } as const]),
  ];
}

/** The layer list the form describes. Pure; numbers are not checked (the schema judges them). */
export function layersFromConvForm(form: ConvForm): LayerSpec[] {
  const bn = bnMaker(form);
  return [...form.blocks.flatMap((b) => blockLayers(b, bn)), { kind: form.head }, ...denseLayers(form.hidden, form.activation, bn)];
}

type BnSeen = { momentum: number; epsilon: number };

/** A block from its layers (Conv2D first): [norm] activation [norm] [2×2 pool], nothing else. */
function blockOf(block: readonly LayerSpec[]): { form: ConvBlockForm; bn: BnSeen | null } | null {
  const [conv, ...rest] = block;
  if (conv?.kind !== 'conv2d') return null;
  const kinds = rest.map((l) => l.kind).join(' ');
  const match = /^(?:(batchNorm|groupNorm|layerNorm) )?activation(?: (batchNorm|groupNorm|layerNorm))?(?: (maxPool|avgPool))?$/.exec(kinds);
  if (!match || (match[1] && match[2])) return null;
  const act = rest.find((l) => l.kind === 'activation');
  const norm = rest.find((l) => l.kind === 'batchNorm' || l.kind === 'groupNorm' || l.kind === 'layerNorm');
  const pool = rest.find((l) => l.kind === 'maxPool' || l.kind === 'avgPool');
  if (act?.kind !== 'activation') return null;
  if (pool && (pool.kind === 'maxPool' || pool.kind === 'avgPool') && pool.size !== POOL_SIZE) return null;
  if ((norm?.kind === 'layerNorm' && norm.epsilon !== LN_EPSILON) || (norm?.kind === 'groupNorm' && norm.epsilon !== GN_EPSILON)) return null;
  const form: ConvBlockForm = {
    filters: conv.filters,
    kernel: conv.kernel,
    stride: conv.stride,
    padding: conv.padding,
    norm: norm?.kind ?? 'none',
    ...(norm?.kind === 'groupNorm' ? { groups: norm.groups } : {}),
    normPosition: match[2] ? 'after' : 'before',
    activation: act.fn,
    pool: (pool?.kind as ConvPool | undefined) ?? 'none',
  };
  return { form, bn: norm?.kind === 'batchNorm' ? norm : null };
}

/** Where each block starts (its Conv2D) and where the head (Flatten or global average pooling) is; null when the list does not start with blocks and a head. */
export function convBlockStarts(layers: readonly LayerSpec[]): { starts: number[]; head: number } | null {
  const head = layers.findIndex((l) => l.kind === 'flatten' || l.kind === 'globalAvgPool');
  if (head <= 0 || layers[0]!.kind !== 'conv2d') return null;
  const starts = layers.slice(0, head).flatMap((l, i) => (l.kind === 'conv2d' ? [i] : []));
  return { starts, head };
}

/**
 * The form's view of `layers`, or null when the list is not a convnet the form can show (an MLP,
 * layers between or after the blocks the form has no place for, mixed Dense activations or
 * BatchNorm settings, pooling other than 2×2). `layersFromConvForm(convFormOf(l))` gives `l` back. Pure.
 */
export function convFormOf(layers: readonly LayerSpec[]): ConvForm | null {
  const at = convBlockStarts(layers);
  if (!at || at.starts.length > MAX_CONV_BLOCKS) return null;
  const blocks: ConvBlockForm[] = [];
  const bnSeen: BnSeen[] = [];
  for (const [b, start] of at.starts.entries()) {
    const block = blockOf(layers.slice(start, at.starts[b + 1] ?? at.head));
    if (!block) return null;
    blocks.push(block.form);
    if (block.bn) bnSeen.push(block.bn);
  }
  const tail = denseFormOf(layers, at.head + 1);
  if (!tail || tail.activations.size > 1) return null;
  const bn = sameBnSettings([...bnSeen, ...tail.bnSeen]);
  if (!bn) return null;
  return {
    blocks,
    head: layers[at.head]!.kind as ConvHead,
    // Without hidden Dense layers, the first block's: what an MLP made from this form would use.
    activation: [...tail.activations][0] ?? blocks[0]!.activation,
    hidden: tail.hidden,
    ...bn.settings,
  };
}
