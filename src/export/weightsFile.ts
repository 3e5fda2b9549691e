import type { LayerSpec } from '../engine/layers/spec';
import { base64ToFloat32, float32ToBase64 } from './base64';
import { placeLayers } from './layerTable';
import { torchTensors, type TorchTensor } from './torchLayers';

/**
 * A trained run's weights for the exported PyTorch file's `--weights`: its model's state_dict
 * (PyTorch's names and layouts: a Linear weight is `[out, in]`) as JSON, each tensor float32
 * little-endian in base64. The script's `--save-weights` writes the same format.
 * `{ format: 'batchnorm-playground-weights', version: 1, layers: LayerSpec[], tensors: { name: { shape, data } } }`
 */
export const WEIGHTS_FORMAT = 'batchnorm-playground-weights';

/**
 * The weights file of a model with these layers. `variables[i]`: layer i's variables as the
 * engine holds them (its kind's order and layout). Pure.
 */
export function weightsFileJson(layers: readonly LayerSpec[], variables: readonly Float32Array[][]): string {
  const placed = placeLayers(layers);
  if (variables.length !== placed.length) throw new Error(`${variables.length} layers of weights for ${placed.length} layers`);
  const tensors = Object.fromEntries(
    placed.flatMap((layer, i) => torchTensors(layer, variables[i]!)).map((t) => [t.name, { shape: t.shape, data: float32ToBase64(t.values) }]),
  );
  return JSON.stringify({ format: WEIGHTS_FORMAT, version: 1, layers, tensors });
}

/** The tensors of a weights file by name; throws with a message if it is not one. */
export function readWeightsFile(text: string): Map<string, TorchTensor> {
  const doc = JSON.parse(text) as { format?: unknown; tensors?: Record<string, { shape: number[]; data: string }> };
  if (doc.format !== WEIGHTS_FORMAT || typeof doc.tensors !== 'object' || doc.tensors === null) throw new Error('not a weights file');
  return new Map(Object.entries(doc.tensors).map(([name, t]) => [name, { name, shape: t.shape, values: base64ToFloat32(t.data) }]));
}
