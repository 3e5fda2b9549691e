import { CLASSES, INPUT_UNITS, type ModelConfig } from './config';

/** One row of a Keras-style `model.summary()`. */
export interface SummaryRow {
  name: string;
  type: 'Dense' | 'BatchNormalization' | 'LayerNormalization' | 'ReLU' | 'Activation' | 'Softmax';
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

/** The layers and parameter counts of `config`, as Keras would list the same model. */
export function summarize(config: ModelConfig): ModelSummary {
  const rows: SummaryRow[] = [];
  const counters = new Map<string, number>();
  const name = (base: string) => {
    const n = counters.get(base) ?? 0;
    counters.set(base, n + 1);
    return n === 0 ? base : `${base}_${n}`;
  };
  const shape = (units: number) => `(None, ${units})`;
  const dense = (inUnits: number, units: number) =>
    rows.push({ name: name('dense'), type: 'Dense', outputShape: shape(units), params: inUnits * units + units, trainable: inUnits * units + units });
  const bn = (units: number) =>
    rows.push({ name: name('batch_normalization'), type: 'BatchNormalization', outputShape: shape(units), params: 4 * units, trainable: 2 * units });
  const ln = (units: number) =>
    rows.push({ name: name('layer_normalization'), type: 'LayerNormalization', outputShape: shape(units), params: 2 * units, trainable: 2 * units });
  const norm = (layer: ModelConfig['hidden'][number]) => (layer.layerNorm ? ln(layer.units) : layer.batchNorm ? bn(layer.units) : undefined);
  const act = (units: number) =>
    config.activation === 'relu'
      ? rows.push({ name: name('re_lu'), type: 'ReLU', outputShape: shape(units), params: 0, trainable: 0 })
      : rows.push({ name: name('activation'), type: 'Activation', outputShape: shape(units), params: 0, trainable: 0 });

  if (config.inputBatchNorm) bn(INPUT_UNITS);
  let fanIn = INPUT_UNITS;
  for (const layer of config.hidden) {
    dense(fanIn, layer.units);
    if (layer.bnPosition === 'before') norm(layer);
    act(layer.units);
    if (layer.bnPosition === 'after') norm(layer);
    fanIn = layer.units;
  }
  dense(fanIn, CLASSES);
  rows.push({ name: name('softmax'), type: 'Softmax', outputShape: shape(CLASSES), params: 0, trainable: 0 });
  const total = rows.reduce((s, r) => s + r.params, 0);
  const trainable = rows.reduce((s, r) => s + r.trainable, 0);
  return { rows, total, trainable, nonTrainable: total - trainable };
}
