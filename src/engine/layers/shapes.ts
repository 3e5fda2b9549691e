import { defOf } from './registry';
import { INPUT_SHAPE, CLASSES, type LayerSpec, type Shape } from './spec';

/** The shape after each layer (`shapes[i]` is layer i's output), or the first layer that cannot follow its input and why. */
export type ShapeResult = { ok: true; shapes: Shape[] } | { ok: false; index: number; message: string };

const KIND_NAMES: Record<LayerSpec['kind'], string> = {
  dense: 'Dense',
  batchNorm: 'BatchNorm',
  layerNorm: 'LayerNorm',
  activation: 'Activation',
  dropout: 'Dropout',
  flatten: 'Flatten',
  maxPool: 'Max pool',
  avgPool: 'Average pool',
  globalAvgPool: 'Global average pool',
  conv2d: 'Conv2D',
  groupNorm: 'GroupNorm',
};

/** "Layer 3 (Dense)": how messages name a layer, 1-based. */
export const layerLabel = (layers: readonly LayerSpec[], index: number): string => `Layer ${index + 1} (${KIND_NAMES[layers[index]!.kind]})`;

/**
 * Infers the shapes layer by layer from the image `[28, 28, 1]`; the network must end in the ten
 * class logits `[10]`. Pure.
 */
export function inferShapes(layers: readonly LayerSpec[]): ShapeResult {
  let shape: Shape = INPUT_SHAPE;
  const shapes: Shape[] = [];
  for (const [index, spec] of layers.entries()) {
    const next = defOf(spec).outShape(spec, shape);
    if ('error' in next) return { ok: false, index, message: `${layerLabel(layers, index)}: ${next.error}` };
    shape = next;
    shapes.push(shape);
  }
  if (shape.length !== 1 || shape[0] !== CLASSES) {
    return {
      ok: false,
      index: Math.max(0, layers.length - 1),
      message: `The network must end in ${CLASSES} outputs (a Dense of ${CLASSES} units), not (${shape.join(', ')})`,
    };
  }
  return { ok: true, shapes };
}
