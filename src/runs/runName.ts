import { DATASET_SPECS } from '../data/datasets';
import { DEFAULT_DATASET, datasetOf, type ExperimentConfig, type LayerSpec } from '../engine/config';
import { hiddenBlocks, normalisesInput, type HiddenBlock } from '../engine/layers/blocks';
import { formatLearningRate } from '../format';
import { robustnessNameParts } from './robustnessName';

/**
 * A readable name from the settings that tell runs apart, e.g. "BN · 128/64 · bs 32 · lr 1e-3",
 * or for a convnet "BN · conv 6/16 · 120/84 · bs 256 · lr 1 · sigmoid" (the blocks' filters, then
 * the hidden Dense widths). Activation and optimizer appear only when they are not the tutorial's
 * ReLU and Adam.
 */
export function runName(config: ExperimentConfig): string {
  const layers = config.model.layers;
  const t = config.train;
  const blocks = hiddenBlocks(layers);
  const dense = blocks.filter((b) => layers[b.weight]!.kind === 'dense');
  const inputBn = normalisesInput(layers);
  const hiddenBn = blocks.some((b) => b.norm?.kind === 'batchNorm');
  const hiddenLn = blocks.some((b) => b.norm?.kind === 'layerNorm');
  // Blocks do not count GroupNorm as their normalisation; a GroupNorm network is not "no BN" either.
  const hiddenGn = layers.some((l) => l.kind === 'groupNorm');
  const bn = inputBn ? (hiddenBn ? 'BN in+hidden' : 'BN input') : hiddenBn ? 'BN' : hiddenLn || hiddenGn ? '' : 'no BN';
  const norm = [bn, hiddenLn ? 'LN' : '', hiddenGn ? 'GN' : ''].filter(Boolean).join(' + ');
  const parts = [norm, ...shapeParts(layers, dense), `bs ${t.batchSize}`, `lr ${formatLearningRate(t.learningRate)}`];
  const activations = [...new Set(blocks.map((b) => b.fn))];
  if (activations.length && activations.join() !== 'relu') parts.push(activations.join('/'));
  // Per hidden Dense layer, so dropout in different places gives different names: "drop 0.5/0".
  if (dense.some((b) => b.dropout !== null)) {
    parts.push(`drop ${dense.map((b) => (b.dropout === null ? 0 : (layers[b.dropout] as { rate: number }).rate)).join('/')}`);
  }
  if (t.optimizer !== 'adam') parts.push(t.optimizer);
  if (datasetOf(config) !== DEFAULT_DATASET) parts.push(DATASET_SPECS[datasetOf(config)].title);
  parts.push(...robustnessNameParts(config));
  return parts.join(' · ');
}

/** The network's shape: hidden Dense widths ("128/64", "linear"), after a convnet's filters per Conv2D ("conv 6/16", "conv 8/16 GAP"). */
function shapeParts(layers: readonly LayerSpec[], dense: readonly HiddenBlock[]): string[] {
  const widths = dense.map((b) => b.units).join('/');
  const filters = layers.flatMap((l) => (l.kind === 'conv2d' ? [l.filters] : []));
  if (!filters.length) return [widths || 'linear'];
  const gap = layers.some((l) => l.kind === 'globalAvgPool') ? ' GAP' : '';
  return [`conv ${filters.join('/')}${gap}`, ...(widths ? [widths] : [])];
}

/** `name`, or `name (2)`, `name (3)`… so that it differs from every name in `taken`. */
export function uniqueName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  for (let n = 2; ; n++) {
    const candidate = `${name} (${n})`;
    if (!taken.has(candidate)) return candidate;
  }
}
