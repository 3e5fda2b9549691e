import { DATASET_SPECS } from '../data/datasets';
import { DEFAULT_DATASET, datasetOf, type ExperimentConfig } from '../engine/config';
import { hiddenBlocks, normalisesInput } from '../engine/layers/blocks';
import { formatLearningRate } from '../format';
import { robustnessNameParts } from './robustnessName';

/**
 * A readable name from the settings that tell runs apart, e.g. "BN · 128/64 · bs 32 · lr 1e-3".
 * Activation and optimizer appear only when they are not the tutorial's ReLU and Adam.
 */
export function runName(config: ExperimentConfig): string {
  const layers = config.model.layers;
  const t = config.train;
  const blocks = hiddenBlocks(layers);
  const inputBn = normalisesInput(layers);
  const hiddenBn = blocks.some((b) => b.norm?.kind === 'batchNorm');
  const hiddenLn = blocks.some((b) => b.norm?.kind === 'layerNorm');
  // Blocks do not count GroupNorm as their normalisation; a GroupNorm network is not "no BN" either.
  const hiddenGn = layers.some((l) => l.kind === 'groupNorm');
  const bn = inputBn ? (hiddenBn ? 'BN in+hidden' : 'BN input') : hiddenBn ? 'BN' : hiddenLn || hiddenGn ? '' : 'no BN';
  const norm = [bn, hiddenLn ? 'LN' : '', hiddenGn ? 'GN' : ''].filter(Boolean).join(' + ');
  const parts = [norm, blocks.map((b) => b.units).join('/') || 'linear', `bs ${t.batchSize}`, `lr ${formatLearningRate(t.learningRate)}`];
  const activation = blocks[0]?.fn ?? 'relu';
  if (activation !== 'relu') parts.push(activation);
  // Per hidden layer, so dropout in different places gives different names: "drop 0.5/0".
  if (blocks.some((b) => b.dropout !== null)) {
    parts.push(`drop ${blocks.map((b) => (b.dropout === null ? 0 : (layers[b.dropout] as { rate: number }).rate)).join('/')}`);
  }
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
