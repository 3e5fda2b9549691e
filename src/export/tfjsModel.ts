import { defOf } from '../engine/layers/registry';
import { INPUT_SHAPE, type LayerSpec } from '../engine/layers/spec';
import { placeLayers } from './layerTable';
import { tfjsLayer } from './tfjsLayers';

/** A TF.js Layers model as two files: `model.json` (topology and weights manifest) and the weights' bytes it names. */
export interface TfjsModelFiles {
  modelJson: string;
  weightsBin: Uint8Array;
}

/**
 * A trained run as a TF.js Layers model that `tf.loadLayersModel` opens: a Keras `Sequential` of
 * the layer list on `[28, 28, 1]` images, ending in a softmax, so `model.predict` gives the class
 * probabilities the playground shows (inference mode: BatchNorm's moving statistics, no dropout).
 * `variables[i]`: layer i's variables as the engine holds them (Keras' order and layout);
 * `weightsPath`: the name the weights file will be saved under, beside model.json. Pure; throws
 * `NoTfjsLayerError` for a layer TF.js lacks (GroupNorm).
 */
export function tfjsModelFiles(layers: readonly LayerSpec[], variables: readonly Float32Array[][], weightsPath: string): TfjsModelFiles {
  const placed = placeLayers(layers);
  if (variables.length !== placed.length) throw new Error(`${variables.length} layers of weights for ${placed.length} layers`);
  const counts = new Map<string, number>();
  const manifest: { name: string; shape: number[]; dtype: 'float32' }[] = [];
  const values: Float32Array[] = [];
  // Every layer first, so a kind TF.js lacks is named before any weight is looked at.
  const converted = placed.map(tfjsLayer);
  const topology = placed.map((layer, i): { class_name: string; config: Record<string, unknown> } => {
    const { className, config, weights } = converted[i]!;
    const base = defOf(layer.spec).kerasName(layer.spec);
    const n = (counts.get(base) ?? 0) + 1;
    counts.set(base, n);
    const name = `${base}_${n}`;
    if (weights.length !== variables[i]!.length) throw new Error(`layer ${i + 1} has ${variables[i]!.length} variables, not ${weights.length}`);
    weights.forEach((w, k) => {
      manifest.push({ name: `${name}/${w.name}`, shape: w.shape, dtype: 'float32' });
      values.push(variables[i]![k]!);
    });
    return {
      class_name: className,
      config: { name, trainable: true, ...(i === 0 ? { batch_input_shape: [null, ...INPUT_SHAPE], dtype: 'float32' } : {}), ...config },
    };
  });
  topology.push({ class_name: 'Activation', config: { name: 'softmax', trainable: true, activation: 'softmax' } });
  const model = {
    format: 'layers-model',
    generatedBy: 'BatchNorm Playground',
    convertedBy: null,
    modelTopology: {
      class_name: 'Sequential',
      config: { name: 'sequential', layers: topology },
      keras_version: 'tfjs-layers 4.22.0',
      backend: 'tensor_flow.js',
    },
    weightsManifest: [{ paths: [weightsPath], weights: manifest }],
  };
  return { modelJson: JSON.stringify(model), weightsBin: littleEndian(values) };
}

function littleEndian(arrays: Float32Array[]): Uint8Array {
  const bytes = new Uint8Array(arrays.reduce((n, a) => n + a.length * 4, 0));
  const view = new DataView(bytes.buffer);
  let offset = 0;
  for (const a of arrays) {
    for (const v of a) {
      view.setFloat32(offset, v, true);
      offset += 4;
    }
  }
  return bytes;
}
