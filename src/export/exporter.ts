/**
 * Everything the page's export buttons make, in one module the page loads only when the Export
 * panel or a run's Export dialog first appears (the Python sources are ~30 kB of text).
 */
import type { ExportSource } from './exportSource';
import { exportBaseName } from './exportName';
import { kerasFile } from './kerasFile';
import { pytorchFile } from './pytorchFile';
import { NoTfjsLayerError } from './tfjsLayers';
import { tfjsModelFiles } from './tfjsModel';
import { weightsFileJson } from './weightsFile';

export type { ExportSource } from './exportSource';

export interface TextFile {
  name: string;
  text: string;
}

export type ScriptFramework = 'pytorch' | 'keras';

/** The two scripts of an experiment, named for what they hold (`bn-128-64-bs32-lr1e-3.pytorch.py`). */
export function scriptFiles(source: ExportSource): Record<ScriptFramework, TextFile> {
  const base = exportBaseName(source.config);
  const pytorch = `${base}.pytorch.py`;
  const keras = `${base}.keras.py`;
  return { pytorch: { name: pytorch, text: pytorchFile(source, pytorch) }, keras: { name: keras, text: kerasFile(source, keras) } };
}

/** A model's variables per layer and variable, from their shapes and their concatenated values (as the worker sends them). */
export function splitLayerValues(shapes: readonly number[][][], values: Float32Array): Float32Array[][] {
  let offset = 0;
  const layers = shapes.map((layer) =>
    layer.map((shape) => {
      const size = shape.reduce((a, b) => a * b, 1);
      const part = values.slice(offset, offset + size);
      offset += size;
      return part;
    }),
  );
  if (offset !== values.length) throw new Error(`The model sent ${values.length} values; its shapes hold ${offset}.`);
  return layers;
}

export interface ModelFiles {
  /** The state_dict for the PyTorch script's `--weights`. */
  weights: TextFile;
  /** The TF.js Layers model (model.json and the weights file it names), or why there is none. */
  tfjs: { modelJson: TextFile; weightsBin: { name: string; bytes: Uint8Array } } | { unavailable: string };
}

/** A trained run's model as files: PyTorch weights and a TF.js model. Throws only on values that do not fit its layers. */
export function modelFiles(source: ExportSource, shapes: readonly number[][][], values: Float32Array): ModelFiles {
  const base = exportBaseName(source.config);
  const layers = source.config.model.layers;
  const variables = splitLayerValues(shapes, values);
  const weights = { name: `${base}.weights.json`, text: weightsFileJson(layers, variables) };
  const bin = `${base}.weights.bin`;
  try {
    const files = tfjsModelFiles(layers, variables, bin);
    return { weights, tfjs: { modelJson: { name: `${base}.model.json`, text: files.modelJson }, weightsBin: { name: bin, bytes: files.weightsBin } } };
  } catch (e) {
    if (e instanceof NoTfjsLayerError) return { weights, tfjs: { unavailable: e.message } };
    throw e;
  }
}
