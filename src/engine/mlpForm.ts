import { BN_EPSILON, BN_MOMENTUM } from './layers/batchNorm';
import { LN_EPSILON } from './layers/layerNorm';
import { CLASSES, type Activation, type LayerSpec } from './layers/spec';

/** Where a hidden layer's normalisation sits relative to its activation. */
export const BN_POSITIONS = ['before', 'after'] as const;
export type BnPosition = (typeof BN_POSITIONS)[number];

/** One hidden layer as the MLP form shows it: Dense, optional BatchNorm or LayerNorm (at `bnPosition`), the activation, optional dropout. */
export interface HiddenLayerForm {
  units: number;
  batchNorm: boolean;
  bnPosition: BnPosition;
  /** LayerNorm instead of BatchNorm (never both). Absent: off. */
  layerNorm?: boolean;
  /** Dropout rate after the layer (0 or absent: none). */
  dropout?: number;
}

/**
 * The MLP form's view of a layer list: today's simple form (the model's shape before layer lists,
 * which is also how runs, files and links from then are read). Not a model format: the
 * experiment holds the layer list; this is read from it (`mlpFormOf`) and written back
 * (`layersFromMlpForm`).
 */
export interface MlpForm {
  inputBatchNorm: boolean;
  activation: Activation;
  hidden: HiddenLayerForm[];
  /** Keras' meaning; absent: 0.99. PyTorch's `momentum=0.1` is 0.9 here. */
  bnMomentum?: number;
  /** Absent: 1e-3. */
  bnEpsilon?: number;
}

/** The layer list the form describes: Flatten, [BatchNorm], then per hidden layer Dense, norm and activation in order, [Dropout]; then Dense 10. */
export function layersFromMlpForm(form: MlpForm): LayerSpec[] {
  const bn = bnMaker(form);
  return [{ kind: 'flatten' }, ...(form.inputBatchNorm ? [bn()] : []), ...denseLayers(form.hidden, form.activation, bn)];
}

/** A maker of the form's BatchNorm layers (Keras' defaults where the form leaves them out). */
export const bnMaker = (form: { bnMomentum?: number; bnEpsilon?: number }) => (): LayerSpec => ({
  kind: 'batchNorm',
  momentum: form.bnMomentum ?? BN_MOMENTUM,
  epsilon: form.bnEpsilon ?? BN_EPSILON,
});

/** The Dense part both forms share: per hidden layer Dense, norm and activation in order, [Dropout]; then Dense 10. */
export function denseLayers(hidden: readonly HiddenLayerForm[], activation: Activation, bn: () => LayerSpec): LayerSpec[] {
  const layers: LayerSpec[] = [];
  for (const h of hidden) {
    layers.push({ kind: 'dense', units: h.units });
    // Both only from a hand-made config (the form switches one off): kept, so nothing is dropped silently.
    const norm: LayerSpec[] = [...(h.batchNorm ? [bn()] : []), ...(h.layerNorm ? [{ kind: 'layerNorm', epsilon: LN_EPSILON } as const] : [])];
    const act: LayerSpec = { kind: 'activation', fn: activation };
    layers.push(...(h.bnPosition === 'after' ? [act, ...norm] : [...norm, act]));
    if (h.dropout) layers.push({ kind: 'dropout', rate: h.dropout });
  }
  layers.push({ kind: 'dense', units: CLASSES });
  return layers;
}

/** Where each hidden layer of the form lives in the list: the index of its Dense (for error messages by field). */
export function denseIndices(layers: readonly LayerSpec[]): number[] {
  return layers.flatMap((l, i) => (l.kind === 'dense' ? [i] : [])).slice(0, -1);
}

/**
 * The form's view of `layers`, or null when the list is not an MLP the form can show (a convnet,
 * mixed activations or BatchNorm settings). `layersFromMlpForm(mlpFormOf(l))` gives `l` back. Pure.
 */
export function mlpFormOf(layers: readonly LayerSpec[]): MlpForm | null {
  if (layers[0]?.kind !== 'flatten') return null;
  const input = layers[1];
  const inputBatchNorm = input?.kind === 'batchNorm';
  const tail = denseFormOf(layers, inputBatchNorm ? 2 : 1);
  if (!tail || tail.activations.size > 1) return null;
  const bn = sameBnSettings([...(input?.kind === 'batchNorm' ? [input] : []), ...tail.bnSeen]);
  if (!bn) return null;
  return { inputBatchNorm, activation: [...tail.activations][0] ?? 'relu', hidden: tail.hidden, ...bn.settings };
}

type BnSeen = { momentum: number; epsilon: number };

/** The one momentum and epsilon of every BatchNorm in `seen` (as the form writes them: absent when Keras'), or null when they differ. */
export function sameBnSettings(seen: readonly BnSeen[]): { settings: { bnMomentum?: number; bnEpsilon?: number } } | null {
  const [bn, ...others] = seen;
  if (others.some((b) => b.momentum !== bn!.momentum || b.epsilon !== bn!.epsilon)) return null;
  return {
    settings: {
      ...(bn && bn.momentum !== BN_MOMENTUM ? { bnMomentum: bn.momentum } : {}),
      ...(bn && bn.epsilon !== BN_EPSILON ? { bnEpsilon: bn.epsilon } : {}),
    },
  };
}

/**
 * The Dense part from `layers[start]` to the end as the forms show it (see `denseLayers`): the
 * hidden layers, the activations they use and their BatchNorm layers; null when it is not one.
 */
export function denseFormOf(layers: readonly LayerSpec[], start: number): { hidden: HiddenLayerForm[]; activations: Set<Activation>; bnSeen: BnSeen[] } | null {
  let i = start;
  const at = () => layers[i];
  const bnSeen: BnSeen[] = [];
  const activations = new Set<Activation>();
  const hidden: HiddenLayerForm[] = [];
  for (;;) {
    const d = at();
    if (d?.kind !== 'dense') return null;
    i += 1;
    if (i === layers.length) return d.units === CLASSES ? { hidden, activations, bnSeen } : null;
    const block: LayerSpec[] = [];
    while (at() && at()!.kind !== 'dense') block.push(layers[i++]!);
    const layer = hiddenLayerOf(d.units, block);
    if (!layer) return null;
    activations.add(layer.activation);
    if (layer.bn) bnSeen.push(layer.bn);
    hidden.push(layer.form);
  }
}

/** A hidden layer from what follows its Dense: [norm] activation [norm] [dropout], nothing else. */
function hiddenLayerOf(units: number, block: LayerSpec[]): { form: HiddenLayerForm; activation: Activation; bn: BnSeen | null } | null {
  const kinds = block.map((l) => l.kind).join(' ');
  const match = /^(?:(batchNorm|layerNorm) )?activation(?: (batchNorm|layerNorm))?(?: dropout)?$/.exec(kinds);
  if (!match || (match[1] && match[2])) return null;
  const act = block.find((l) => l.kind === 'activation');
  const norm = block.find((l) => l.kind === 'batchNorm' || l.kind === 'layerNorm');
  const drop = block.find((l) => l.kind === 'dropout');
  if (act?.kind !== 'activation') return null;
  if (norm?.kind === 'layerNorm' && norm.epsilon !== LN_EPSILON) return null;
  const form: HiddenLayerForm = { units, batchNorm: norm?.kind === 'batchNorm', bnPosition: match[2] ? 'after' : 'before' };
  if (norm?.kind === 'layerNorm') form.layerNorm = true;
  if (drop?.kind === 'dropout' && drop.rate > 0) form.dropout = drop.rate;
  return { form, activation: act.fn, bn: norm?.kind === 'batchNorm' ? norm : null };
}

/** A model config from the form's view (no init scale). */
export const mlpModel = (form: MlpForm): { layers: LayerSpec[] } => ({ layers: layersFromMlpForm(form) });
