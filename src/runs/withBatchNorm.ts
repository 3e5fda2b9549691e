import type { ExperimentConfig } from '../engine/config';
import { hasLayer, withNormalization, withoutLayers } from '../engine/layers/edits';

/** The base with BatchNorm on (its own layout if it has one, else in every hidden layer, replacing any LayerNorm) or off. A copy. */
export function withBatchNorm(base: ExperimentConfig, on: boolean): ExperimentConfig {
  const c = structuredClone(base);
  if (!on) c.model.layers = withoutLayers(c.model.layers, 'batchNorm');
  // A LayerNorm layer gets BatchNorm in its place: a layer takes one or the other.
  else if (!hasLayer(c.model.layers, 'batchNorm')) c.model.layers = withNormalization(c.model.layers, 'batchNorm');
  return c;
}
