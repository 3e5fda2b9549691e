import { describe, expect, it } from 'vitest';
import type { MapStage } from '../../engine/featureMaps';
import type { LayerSpec } from '../../engine/layers/spec';
import { convNet } from '../../engine/testing/imageNet';
import { divergingRgb } from '../divergingScale';
import { channelRanges, divergingPixels, greyPixels, rangeOf, stageTitle } from './mapImages';

/** Two channels of 1×2: channel 0 holds −1 and 1, channel 1 holds 2 and 6. */
const stage: MapStage = { layer: 0, kind: 'conv2d', height: 1, width: 2, channels: 2, values: Float32Array.from([-1, 1, 2, 6]) };

describe('feature map pixels', () => {
  it('scales grey over the whole stage, or over each channel alone', () => {
    expect(channelRanges(stage, 'stage')).toEqual([
      { lo: -1, hi: 6 },
      { lo: -1, hi: 6 },
    ]);
    expect(channelRanges(stage, 'channel')).toEqual([
      { lo: -1, hi: 1 },
      { lo: 2, hi: 6 },
    ]);
    // Black at lo, white at hi, grey between; opaque.
    expect(Array.from(greyPixels([2, 4, 6], { lo: 2, hi: 6 }))).toEqual([0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255]);
    // A dead channel (every value the same) is black, not NaN.
    expect(Array.from(greyPixels([0, 0], { lo: 0, hi: 0 }))).toEqual([0, 0, 0, 255, 0, 0, 0, 255]);
    expect(rangeOf([])).toEqual({ lo: 0, hi: 0 });
  });

  it('colours filter weights on the diverging scale, ±maxAbs at its ends', () => {
    const px = divergingPixels([-0.5, 0, 0.5, 0.25], 0.5);
    expect(Array.from(px.subarray(0, 3))).toEqual(divergingRgb(-1));
    expect(Array.from(px.subarray(4, 7))).toEqual(divergingRgb(0));
    expect(Array.from(px.subarray(8, 11))).toEqual(divergingRgb(1));
    expect(Array.from(px.subarray(12, 15))).toEqual(divergingRgb(0.5));
    expect(px[3]).toBe(255);
  });

  it('names the stages of a block', () => {
    // convNet: conv – GroupNorm – ReLU; conv – ReLU – BN – max pool; conv – BN – sigmoid – average pool.
    const layers: readonly LayerSpec[] = convNet;
    expect(stageTitle(layers, { layer: 0, kind: 'conv2d' }, { kind: 'groupNorm' })).toBe('Convolution (before GroupNorm)');
    expect(stageTitle(layers, { layer: 1, kind: 'groupNorm' })).toBe('After GroupNorm');
    expect(stageTitle(layers, { layer: 3, kind: 'conv2d' }, { kind: 'activation' })).toBe('Convolution');
    expect(stageTitle(layers, { layer: 4, kind: 'activation' })).toBe('After ReLU');
    expect(stageTitle(layers, { layer: 5, kind: 'batchNorm' })).toBe('After BatchNorm');
    expect(stageTitle(layers, { layer: 6, kind: 'maxPool' })).toBe('After max pool 2×2');
    expect(stageTitle(layers, { layer: 9, kind: 'activation' })).toBe('After sigmoid');
    expect(stageTitle(layers, { layer: 10, kind: 'avgPool' })).toBe('After average pool 2×2');
  });
});
