import type { LayerSpec } from '../../engine/config';
import { unitsSchema } from '../../engine/layers/dense';
import { dropoutRateSchema } from '../../engine/layers/dropout';
import { defOf, LAYER_DEFS } from '../../engine/layers/registry';
import type { HiddenLayerForm } from '../../engine/mlpForm';
import { layerListSchema, LIMITS } from '../../engine/schema';
import { failure, success } from '../../result';
import { checkSchema, echo, readNumber, refused, viaSchema, type Read } from './read';

/**
 * The link's two spellings of a model: `layers` (the MLP form's hidden layers, `128bn,64bna_d0.5`)
 * and `net` (any layer list, one token per layer as its kind's module writes it).
 */

const LAYER_TOKEN = /^(\d+)(bna|bn|lna|ln|a)?(?:_d(.+))?$/;

function formatLayer(h: HiddenLayerForm): string {
  const norm = h.layerNorm ? 'ln' : h.batchNorm ? 'bn' : '';
  const suffix = norm ? (h.bnPosition === 'after' ? `${norm}a` : norm) : h.bnPosition === 'after' ? 'a' : '';
  return `${h.units}${suffix}${h.dropout ? `_d${h.dropout}` : ''}`;
}

export const formatLayers = (hidden: readonly HiddenLayerForm[]): string => (hidden.length ? hidden.map(formatLayer).join(',') : 'none');

function parseLayer(token: string, i: number): Read<HiddenLayerForm> {
  const m = LAYER_TOKEN.exec(token);
  if (!m) return refused(`Hidden layer ${i + 1} must be a width with optional bn, bna, ln or lna and _d with a dropout rate, like 128bn or 128bn_d0.5`);
  const units = checkSchema(unitsSchema, Number(m[1]));
  if (!units.ok) return refused(`Hidden layer ${i + 1}: ${units.error}`);
  const suffix = m[2] ?? '';
  const layer: HiddenLayerForm = { units: units.value, batchNorm: suffix.startsWith('bn'), bnPosition: suffix.endsWith('a') ? 'after' : 'before' };
  if (suffix.startsWith('ln')) layer.layerNorm = true;
  if (m[3] !== undefined) {
    const n = readNumber(m[3]);
    const rate = n.ok ? checkSchema(dropoutRateSchema, n.value) : failure('Dropout rate must be a number');
    if (!rate.ok) return refused(`Hidden layer ${i + 1}: ${rate.error}`);
    if (rate.value > 0) layer.dropout = rate.value;
  }
  return success(layer);
}

/** `layers`: `none`, or one token per hidden layer (see urlCodec.ts). */
export function parseLayers(text: string): Read<HiddenLayerForm[]> {
  if (text === 'none') return success([]);
  const layers: HiddenLayerForm[] = [];
  for (const [i, token] of text.split(',').entries()) {
    const layer = parseLayer(token, i);
    if (!layer.ok) return layer;
    layers.push(layer.value);
  }
  if (layers.length > LIMITS.maxLayers) return refused(`At most ${LIMITS.maxLayers} hidden layers`);
  return success(layers);
}

/** `net`: each token read by the first layer kind that recognises it, then the whole list checked by the schema. */
export function parseNet(text: string): Read<LayerSpec[]> {
  const specs: LayerSpec[] = [];
  for (const [i, token] of text.split(',').entries()) {
    const spec = Object.values(LAYER_DEFS).reduce<LayerSpec | null>((found, def) => found ?? def.parseToken(token), null);
    if (!spec) return refused(`Layer ${i + 1} "${echo(token)}" is not a layer token (like d128, bn, relu, drop0.5, flat)`);
    specs.push(spec);
  }
  return viaSchema(layerListSchema, specs);
}

export const formatNet = (layers: readonly LayerSpec[]): string => layers.map((l) => defOf(l).formatToken(l)).join(',');
