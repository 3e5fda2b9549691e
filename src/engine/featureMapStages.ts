import type { LayerSpec } from './layers/spec';

/** The layers whose output a conv block's feature maps show. */
export type MapStageKind = 'conv2d' | 'batchNorm' | 'layerNorm' | 'groupNorm' | 'activation' | 'maxPool' | 'avgPool';

const STAGE_KINDS: ReadonlySet<string> = new Set<MapStageKind>(['conv2d', 'batchNorm', 'layerNorm', 'groupNorm', 'activation']);
const isPool = (spec: LayerSpec | undefined) => spec?.kind === 'maxPool' || spec?.kind === 'avgPool';

/**
 * Per Conv2D layer (index `weight`), the layers whose outputs its feature maps show, in order: the
 * convolution, then the normalisation and activation after it up to the next weight layer, pool,
 * Flatten or global pooling, then that pool if one comes next. Dropout is left out (in inference
 * it passes its input on). Pure, no tfjs: the page names the stages from it too.
 */
export function convStageLayers(layers: readonly LayerSpec[]): { weight: number; stages: { layer: number; kind: MapStageKind }[] }[] {
  const blocks: { weight: number; stages: { layer: number; kind: MapStageKind }[] }[] = [];
  layers.forEach((spec, weight) => {
    if (spec.kind !== 'conv2d') return;
    const stages = [{ layer: weight, kind: 'conv2d' as MapStageKind }];
    let i = weight + 1;
    for (; i < layers.length && (STAGE_KINDS.has(layers[i]!.kind) || layers[i]!.kind === 'dropout') && layers[i]!.kind !== 'conv2d'; i++) {
      if (layers[i]!.kind !== 'dropout') stages.push({ layer: i, kind: layers[i]!.kind as MapStageKind });
    }
    if (isPool(layers[i])) stages.push({ layer: i, kind: layers[i]!.kind as MapStageKind });
    blocks.push({ weight, stages });
  });
  return blocks;
}
