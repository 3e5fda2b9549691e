import type { Activation, BnPosition, LayerSpec } from '../engine/config';
import { convBlockStarts, type ConvBlockForm, type ConvNorm, type ConvPool } from '../engine/convForm';
import type { FieldErrors } from '../engine/schema';

/** Which form shows the network. */
export const ARCHITECTURES = ['mlp', 'conv'] as const;
export type Architecture = (typeof ARCHITECTURES)[number];

/** One conv block as the form holds it: numbers typed are text (the schema judges them), choices are choices. */
export interface ConvBlockDraft {
  /** Stable key for React lists; not part of the experiment. */
  id: number;
  filters: string;
  kernel: '3' | '5';
  stride: '1' | '2';
  padding: 'same' | 'valid';
  norm: ConvNorm;
  /** GroupNorm's groups as typed, kept while another norm is chosen. */
  groups: string;
  normPosition: BnPosition;
  activation: Activation;
  pool: ConvPool;
}

let nextBlockId = 1;

/** A block for the form: `over` on 8 filters 3×3, same padding, BatchNorm before ReLU, 2×2 max pooling. */
export function newConvBlock(over: Partial<Omit<ConvBlockDraft, 'id'>> = {}): ConvBlockDraft {
  return {
    id: nextBlockId++,
    filters: '8',
    kernel: '3',
    stride: '1',
    padding: 'same',
    norm: 'batchNorm',
    groups: '2',
    normPosition: 'before',
    activation: 'relu',
    pool: 'maxPool',
    ...over,
  };
}

/** The convnet the form offers first: two blocks of 8 filters 3×3, BatchNorm, `activation`, 2×2 max pooling; then Flatten. */
export const defaultConvBlocks = (activation: Activation = 'relu'): ConvBlockDraft[] => [newConvBlock({ activation }), newConvBlock({ activation })];

export function convBlockDraft(b: ConvBlockForm): ConvBlockDraft {
  return newConvBlock({
    filters: String(b.filters),
    kernel: String(b.kernel) as ConvBlockDraft['kernel'],
    stride: String(b.stride) as ConvBlockDraft['stride'],
    padding: b.padding,
    norm: b.norm,
    ...(b.groups !== undefined ? { groups: String(b.groups) } : {}),
    normPosition: b.normPosition,
    activation: b.activation,
    pool: b.pool,
  });
}

/** Text to number: empty or unparsable text becomes NaN, which the schema reports by field name. */
const num = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text));

export function convBlockForm(d: ConvBlockDraft): ConvBlockForm {
  return {
    filters: num(d.filters),
    kernel: Number(d.kernel),
    stride: Number(d.stride),
    padding: d.padding,
    norm: d.norm,
    ...(d.norm === 'groupNorm' ? { groups: num(d.groups) } : {}),
    normPosition: d.normPosition,
    activation: d.activation,
    pool: d.pool,
  };
}

const KIND_NAMES: Partial<Record<LayerSpec['kind'], string>> = {
  conv2d: 'Conv2D',
  batchNorm: 'BatchNorm',
  groupNorm: 'GroupNorm',
  layerNorm: 'LayerNorm',
  maxPool: 'Max pool',
  avgPool: 'Average pool',
};

/** The block field a layer's shape problem is shown beside. */
const SHAPE_FIELD: Partial<Record<LayerSpec['kind'], string>> = { groupNorm: 'groups', maxPool: 'pool', avgPool: 'pool' };

/**
 * A schema error about a layer of a conv block, under the form's name: `model.layers.K.filters`
 * of block b is `model.conv.b.filters`; a shape problem of the whole layer is shown beside the
 * field that sets it (the kernel, the groups, the pooling) and names the block, "Block 3
 * (Conv2D): A 5×5 kernel …". Null when `path` is not about a block's own field (BatchNorm's
 * settings, the Dense part).
 */
export function convFieldError(path: string, message: string, layers: readonly LayerSpec[]): { key: string; message: string } | null {
  const m = /^model\.layers\.(\d+)(?:\.(\w+))?$/.exec(path);
  const at = convBlockStarts(layers);
  if (!m || !at) return null;
  const index = Number(m[1]);
  const field = m[2];
  if (index >= at.head || field === 'momentum' || field === 'epsilon') return null;
  const block = at.starts.findLastIndex((s) => s <= index);
  const kind = layers[index]!.kind;
  if (field) return { key: `model.conv.${block}.${field}`, message };
  const what = message.replace(/^Layer \d+ \([^)]*\): /, '');
  return { key: `model.conv.${block}.${SHAPE_FIELD[kind] ?? 'kernel'}`, message: `Block ${block + 1} (${KIND_NAMES[kind] ?? kind}): ${what}` };
}

/** The errors of `errors` the conv blocks own, by the form's names (see `convFieldError`); the rest as they are. */
export function convFormErrors(errors: FieldErrors, layers: readonly LayerSpec[]): { own: FieldErrors; rest: FieldErrors } {
  const own: FieldErrors = {};
  const rest: FieldErrors = {};
  for (const [path, message] of Object.entries(errors)) {
    const mapped = convFieldError(path, message, layers);
    if (mapped) own[mapped.key] ??= mapped.message;
    else rest[path] = message;
  }
  return { own, rest };
}
