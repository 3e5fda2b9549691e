import { DATASET_SPECS } from '../data/datasets';
import { DEFAULT_DATASET, datasetOf, type ExperimentConfig } from '../engine/config';
import { formatLearningRate } from '../format';
import { robustnessNameParts } from './robustnessName';

/**
 * A readable name from the settings that tell runs apart, e.g. "BN · 128/64 · bs 32 · lr 1e-3".
 * Activation and optimizer appear only when they are not the tutorial's ReLU and Adam.
 */
export function runName(config: ExperimentConfig): string {
  const m = config.model;
  const t = config.train;
  const hiddenBn = m.hidden.some((h) => h.batchNorm);
  const hiddenLn = m.hidden.some((h) => h.layerNorm);
  const bn = m.inputBatchNorm ? (hiddenBn ? 'BN in+hidden' : 'BN input') : hiddenBn ? 'BN' : hiddenLn ? '' : 'no BN';
  const norm = hiddenLn ? [bn, 'LN'].filter(Boolean).join(' + ') : bn;
  const parts = [norm, m.hidden.map((h) => h.units).join('/') || 'linear', `bs ${t.batchSize}`, `lr ${formatLearningRate(t.learningRate)}`];
  if (m.activation !== 'relu') parts.push(m.activation);
  if (t.optimizer !== 'adam') parts.push(t.optimizer);
  if (datasetOf(config) !== DEFAULT_DATASET) parts.push(DATASET_SPECS[datasetOf(config)].title);
  parts.push(...robustnessNameParts(config));
  return parts.join(' · ');
}

/** `name`, or `name (2)`, `name (3)`… so that it differs from every name in `taken`. */
export function uniqueName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  for (let n = 2; ; n++) {
    const candidate = `${name} (${n})`;
    if (!taken.has(candidate)) return candidate;
  }
}
