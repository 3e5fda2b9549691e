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

/**
 * A small convnet with both paddings and strides, BatchNorm, GroupNorm and LayerNorm on images,
 * dropout on 16 channels (so channels-last order matters) and a Flatten of 16 channels. Its
 * BatchNorm keeps momentum 0.9 (PyTorch's default): at 0.99 the moving statistics are far from
 * settled after the 126 steps the tests train, and test accuracy in inference mode then swings
 * with tiny differences in training (0.2 to 0.6 with seeds 42, 7 and 123 for a plain convnet).
 */
export const CONVNET_LAYERS: LayerSpec[] = [
  { kind: 'conv2d', filters: 8, kernel: 5, stride: 1, padding: 'valid' },
  { kind: 'batchNorm', momentum: 0.9, epsilon: 1e-3 },
  { kind: 'activation', fn: 'relu' },
  { kind: 'maxPool', size: 2 },
  { kind: 'conv2d', filters: 16, kernel: 3, stride: 2, padding: 'same' },
  { kind: 'groupNorm', groups: 4, epsilon: 1e-3 },
  { kind: 'activation', fn: 'relu' },
  { kind: 'dropout', rate: 0.25 },
  { kind: 'layerNorm', epsilon: 1e-3 },
  { kind: 'flatten' },
  { kind: 'dense', units: 32 },
  { kind: 'activation', fn: 'relu' },
  { kind: 'dense', units: 10 },
];

/** Image layers the other lists leave out: stride-1 'same' convolution, global average pooling, GroupNorm on a flat input. */
export const IMAGE_LAYERS: LayerSpec[] = [
  { kind: 'conv2d', filters: 4, kernel: 3, stride: 1, padding: 'same' },
  { kind: 'globalAvgPool' },
  { kind: 'groupNorm', groups: 2, epsilon: 1e-5 },
  { kind: 'dense', units: 10 },
];

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
