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
