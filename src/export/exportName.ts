import type { ExperimentConfig } from '../engine/config';
import { runName } from '../runs/runName';

/**
 * The base of an exported file's name, from the run's readable name: "BN · 128/64 · bs 32 · lr
 * 1e-3" gives `bn-128-64-bs32-lr1e-3`, to which each file adds what it holds
 * (`.pytorch.py`, `.keras.py`, `.weights.json`, `.model.json`). Pure.
 */
export function exportBaseName(config: ExperimentConfig): string {
  return runName(config)
    .split(' · ')
    .map((part) =>
      part
        .toLowerCase()
        .replace(/\s+/g, '')
        .replace(/[^a-z0-9.+-]+/g, '-'),
    )
    .join('-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
}
