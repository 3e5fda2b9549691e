import type { HiddenBlock } from '../../engine/layers/blocks';
import { inferShapes } from '../../engine/layers/shapes';
import type { LayerSpec } from '../../engine/layers/spec';

/** How the Inside views speak of a block's features: a Dense block's units, a Conv2D block's channels. */
export interface BlockWords {
  unit: 'unit' | 'channel';
  Unit: 'Unit' | 'Channel';
  units: 'units' | 'channels';
}

const UNIT_WORDS: BlockWords = { unit: 'unit', Unit: 'Unit', units: 'units' };
const CHANNEL_WORDS: BlockWords = { unit: 'channel', Unit: 'Channel', units: 'channels' };

export const blockWords = (block: HiddenBlock | undefined): BlockWords => (block?.conv ? CHANNEL_WORDS : UNIT_WORDS);

const ACTIVATION_NAMES = { relu: 'ReLU', sigmoid: 'sigmoid', tanh: 'tanh' } as const;

/** "BatchNorm", "LayerNorm", "GroupNorm (2 groups)": a block's normalisation layer by name. */
export function normName(layers: readonly LayerSpec[], block: HiddenBlock): string | null {
  if (!block.norm) return null;
  const spec = layers[block.norm.index];
  if (spec?.kind === 'groupNorm') return `GroupNorm (${spec.groups} group${spec.groups === 1 ? '' : 's'})`;
  return block.norm.kind === 'batchNorm' ? 'BatchNorm' : 'LayerNorm';
}

/**
 * The Layer select's label of block `i` of `blocks`, numbered among blocks of its kind (an MLP's
 * stay "Hidden layer 1, 2…"): "Hidden layer 1: 128 units, BatchNorm before ReLU", "Conv block 2:
 * 16 channels 14×14, GroupNorm (4 groups) before ReLU", with ", dropout 0.5" when it has some.
 * Short enough for the select's width. Pure.
 */
export function blockLabel(layers: readonly LayerSpec[], blocks: readonly HiddenBlock[], i: number): string {
  const block = blocks[i]!;
  const act = ACTIVATION_NAMES[block.fn];
  const norm = normName(layers, block);
  const normText = norm ? `${norm} ${block.norm!.position} ${act}` : `no BatchNorm, ${act}`;
  const dropout = block.dropout === null ? null : layers[block.dropout];
  const dropText = dropout?.kind === 'dropout' ? `, dropout ${dropout.rate}` : '';
  const number = blocks.slice(0, i + 1).filter((b) => b.conv === block.conv).length;
  if (!block.conv) return `Hidden layer ${number}: ${block.units} units, ${normText}${dropText}`;
  const shapes = inferShapes(layers);
  const shape = shapes.ok ? shapes.shapes[block.activation - 1] : undefined;
  const size = shape && shape.length === 3 ? ` ${shape[0]}×${shape[1]}` : '';
  return `Conv block ${number}: ${block.units} channels${size}, ${normText}${dropText}`;
}
