import { defaultExperiment, type ExperimentConfig } from '../../engine/config';
import type { LayerSpec } from '../../engine/layers/spec';
import { parseExperiment } from '../../engine/schema';
import { PRESETS, presetPlan } from '../../runs/presets';

/** A network with every built layer kind, settings off their defaults, that trains (small: 256 images, one epoch). */
export const EVERY_KIND_LAYERS: LayerSpec[] = [
  { kind: 'batchNorm', momentum: 0.9, epsilon: 1e-4 },
  { kind: 'maxPool', size: 2 },
  { kind: 'dropout', rate: 0.25 },
  { kind: 'avgPool', size: 2 },
  { kind: 'flatten' },
  { kind: 'dense', units: 32 },
  { kind: 'layerNorm', epsilon: 1e-5 },
  { kind: 'activation', fn: 'tanh' },
  { kind: 'dropout', rate: 0.5 },
  { kind: 'dense', units: 16 },
  { kind: 'batchNorm', momentum: 0.99, epsilon: 1e-3 },
  { kind: 'activation', fn: 'sigmoid' },
  { kind: 'dense', units: 10 },
];

/** Layers that a trained network cannot use here without convolutions (one channel): normalising or pooling over it leaves one value. */
export const IMAGE_ONLY_LAYERS: LayerSpec[] = [{ kind: 'layerNorm', epsilon: 1e-3 }, { kind: 'globalAvgPool' }, { kind: 'dense', units: 10 }];

const base = defaultExperiment();

/** `layers` as a small experiment, checked by the schema. */
export function experimentOf(layers: LayerSpec[], train: Partial<ExperimentConfig['train']> = {}): ExperimentConfig {
  const config: ExperimentConfig = { model: { layers }, train: { ...base.train, trainLimit: 256, epochs: 1, batchSize: 32, ...train } };
  const parsed = parseExperiment(config, 60_000);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.config;
}

/** Every distinct experiment the presets train. */
export function presetConfigs(): ExperimentConfig[] {
  const all = PRESETS.flatMap((p) => presetPlan(p).flat());
  return [...new Map(all.map((c) => [JSON.stringify(c), c])).values()];
}
