import type { ModelConfig } from './config';
import { defOf } from './layers/registry';
import { inferShapes } from './layers/shapes';
import { CLASSES, INPUT_SHAPE } from './layers/spec';

/** One row of a Keras-style `model.summary()`. */
export interface SummaryRow {
  name: string;
  /** Keras' class name: `Dense`, `BatchNormalization`, `Dropout`, … and `Softmax` for the output. */
  type: string;
  /** Keras notation, e.g. "(None, 128)". */
  outputShape: string;
  params: number;
  trainable: number;
}

export interface ModelSummary {
  rows: SummaryRow[];
  total: number;
  trainable: number;
  nonTrainable: number;
}

/**
 * The layers and parameter counts of `config`, as Keras would list the same model (each layer
 * kind gives its own row), ending in the softmax the loss applies. Throws on an impossible list
 * (the schema refuses those first).
 */
export function summarize(config: ModelConfig): ModelSummary {
  const shapes = inferShapes(config.layers);
  if (!shapes.ok) throw new Error(shapes.message);
  const counters = new Map<string, number>();
  const name = (base: string) => {
    const n = counters.get(base) ?? 0;
    counters.set(base, n + 1);
    return n === 0 ? base : `${base}_${n}`;
  };
  const shapeText = (shape: readonly number[]) => `(None, ${shape.join(', ')})`;
  const rows: SummaryRow[] = [];
  let inShape = INPUT_SHAPE;
  config.layers.forEach((spec, i) => {
    const def = defOf(spec);
    const outShape = shapes.shapes[i]!;
    // The data arrives flat, so a Flatten of it is no layer of its own in the summary.
    if (!(spec.kind === 'flatten' && i === 0)) {
      const { total, trainable } = def.params(spec, inShape);
      rows.push({ name: name(def.kerasName(spec)), type: def.kerasClass(spec), outputShape: shapeText(outShape), params: total, trainable });
    }
    inShape = outShape;
  });
  rows.push({ name: name('softmax'), type: 'Softmax', outputShape: shapeText([CLASSES]), params: 0, trainable: 0 });
  const total = rows.reduce((s, r) => s + r.params, 0);
  const trainable = rows.reduce((s, r) => s + r.trainable, 0);
  return { rows, total, trainable, nonTrainable: total - trainable };
}
