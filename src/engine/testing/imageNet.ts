import type { LayerSpec } from '../layers/spec';

/** A small image network with every built kind but LayerNorm in one list: pools, per-channel BatchNorm, Flatten, Dense, tanh, dropout. */
export const imageNet: LayerSpec[] = [
  { kind: 'maxPool', size: 2 },
  { kind: 'batchNorm', momentum: 0.9, epsilon: 1e-5 },
  { kind: 'avgPool', size: 2 },
  { kind: 'flatten' },
  { kind: 'dense', units: 12 },
  { kind: 'activation', fn: 'tanh' },
  { kind: 'dropout', rate: 0.25 },
  { kind: 'dense', units: 10 },
];

/** A small convnet with every kind but LayerNorm: convolutions (stride 2 and 1, both paddings, one fused with ReLU), GroupNorm, per-channel BatchNorm, pools. */
export const convNet: LayerSpec[] = [
  { kind: 'conv2d', filters: 4, kernel: 3, stride: 2, padding: 'same' },
  { kind: 'groupNorm', groups: 2, epsilon: 1e-3 },
  { kind: 'activation', fn: 'relu' },
  { kind: 'conv2d', filters: 6, kernel: 5, stride: 1, padding: 'valid' },
  { kind: 'activation', fn: 'relu' },
  { kind: 'batchNorm', momentum: 0.9, epsilon: 1e-3 },
  { kind: 'maxPool', size: 2 },
  { kind: 'conv2d', filters: 3, kernel: 3, stride: 1, padding: 'same' },
  { kind: 'batchNorm', momentum: 0.99, epsilon: 1e-3 },
  { kind: 'activation', fn: 'sigmoid' },
  { kind: 'avgPool', size: 2 },
  { kind: 'flatten' },
  { kind: 'dense', units: 10 },
];
