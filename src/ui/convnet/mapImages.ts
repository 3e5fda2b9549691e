import type { MapStage } from '../../engine/featureMaps';
import type { MapStageKind } from '../../engine/featureMapStages';
import type { LayerSpec } from '../../engine/layers/spec';
import { divergingRgb } from '../divergingScale';

/**
 * Pixels of the convnet views, from the worker's float maps: pure functions, no React, no DOM.
 * Each returns RGBA bytes for `ImageData` (4 per pixel).
 */

export interface Range {
  lo: number;
  hi: number;
}

/** How the grey levels of a stage's channels are set: one scale for the whole stage, or each channel its own. */
export type GreyMode = 'stage' | 'channel';

/** The smallest and largest finite value of `values` (a NaN-only or empty list gives 0 and 0). */
export function rangeOf(values: ArrayLike<number>): Range {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? { lo, hi } : { lo: 0, hi: 0 };
}

/** Channel `c`'s values of a stage (a view, no copy). */
export const channelValues = (stage: MapStage, c: number): Float32Array =>
  stage.values.subarray(c * stage.height * stage.width, (c + 1) * stage.height * stage.width);

/** The grey scale of each channel of `stage`: the stage's whole range for every channel, or each channel's own. */
export function channelRanges(stage: MapStage, mode: GreyMode): Range[] {
  const whole = mode === 'stage' ? rangeOf(stage.values) : null;
  return Array.from({ length: stage.channels }, (_, c) => whole ?? rangeOf(channelValues(stage, c)));
}

/** RGBA of `values` in grey: `lo` black, `hi` white (all black when the range is empty: a dead channel). */
export function greyPixels(values: ArrayLike<number>, { lo, hi }: Range): Uint8ClampedArray {
  const out = new Uint8ClampedArray(values.length * 4);
  const k = hi > lo ? 255 / (hi - lo) : 0;
  for (let i = 0; i < values.length; i++) {
    const g = (values[i]! - lo) * k;
    out[i * 4] = g;
    out[i * 4 + 1] = g;
    out[i * 4 + 2] = g;
    out[i * 4 + 3] = 255;
  }
  return out;
}

/** RGBA of signed `values` on the diverging scale, ±`maxAbs` at its ends (0 near-white). */
export function divergingPixels(values: ArrayLike<number>, maxAbs: number): Uint8ClampedArray {
  const out = new Uint8ClampedArray(values.length * 4);
  for (let i = 0; i < values.length; i++) {
    out.set(divergingRgb(maxAbs > 0 ? values[i]! / maxAbs : 0), i * 4);
    out[i * 4 + 3] = 255;
  }
  return out;
}

const NORM_NAMES: Partial<Record<MapStageKind, string>> = { batchNorm: 'BatchNorm', layerNorm: 'LayerNorm', groupNorm: 'GroupNorm' };
const ACTIVATION_NAMES = { relu: 'ReLU', sigmoid: 'sigmoid', tanh: 'tanh' } as const;

/**
 * What a stage row is called: "Convolution (before BatchNorm)", "After BatchNorm", "After ReLU",
 * "After max pool 2×2". `next`: the stage after it in the block, if any.
 */
export function stageTitle(layers: readonly LayerSpec[], stage: { layer: number; kind: MapStageKind }, next?: { kind: MapStageKind }): string {
  const spec = layers[stage.layer];
  switch (spec?.kind) {
    case 'conv2d': {
      const norm = next ? NORM_NAMES[next.kind] : undefined;
      return `Convolution${norm ? ` (before ${norm})` : ''}`;
    }
    case 'activation':
      return `After ${ACTIVATION_NAMES[spec.fn]}`;
    case 'maxPool':
    case 'avgPool':
      return `After ${spec.kind === 'maxPool' ? 'max' : 'average'} pool ${spec.size}×${spec.size}`;
    default:
      return `After ${NORM_NAMES[stage.kind] ?? stage.kind}`;
  }
}
