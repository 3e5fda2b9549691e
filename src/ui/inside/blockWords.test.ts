import { describe, expect, it } from 'vitest';
import { hiddenBlocks } from '../../engine/layers/blocks';
import type { LayerSpec } from '../../engine/layers/spec';
import { convNet } from '../../engine/testing/imageNet';
import { mlp } from '../../engine/testing/mlp';
import { blockLabel, blockWords } from './blockWords';

const labels = (layers: LayerSpec[]) => hiddenBlocks(layers).map((_, i, blocks) => blockLabel(layers, blocks, i));

describe('blockLabel', () => {
  it("names an MLP's blocks as before: hidden layers, units, norm and dropout", () => {
    const { layers } = mlp([
      { units: 128, batchNorm: true, bnPosition: 'before', dropout: 0.5 },
      { units: 64, batchNorm: false, bnPosition: 'before', layerNorm: true },
    ]);
    expect(labels(layers)).toEqual(['Hidden layer 1: 128 units, BatchNorm before ReLU, dropout 0.5', 'Hidden layer 2: 64 units, LayerNorm before ReLU']);
  });

  it('names conv blocks by channels and size, GroupNorm by its groups, and numbers Dense blocks after them from 1', () => {
    const layers: LayerSpec[] = [...convNet.slice(0, -1), { kind: 'dense', units: 32 }, { kind: 'activation', fn: 'tanh' }, { kind: 'dense', units: 10 }];
    expect(labels(layers)).toEqual([
      'Conv block 1: 4 channels 14×14, GroupNorm (2 groups) before ReLU',
      'Conv block 2: 6 channels 10×10, BatchNorm after ReLU',
      'Conv block 3: 3 channels 5×5, BatchNorm before sigmoid',
      'Hidden layer 1: 32 units, no BatchNorm, tanh',
    ]);
    const blocks = hiddenBlocks(layers);
    expect(blocks.map((b) => blockWords(b).Unit)).toEqual(['Channel', 'Channel', 'Channel', 'Unit']);
    expect(blockWords(undefined).unit).toBe('unit');
  });
});
