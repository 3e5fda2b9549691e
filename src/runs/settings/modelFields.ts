import type { z } from 'zod';
import { ACTIVATIONS, BN_EPSILON, BN_MOMENTUM, type Activation, type ExperimentConfig, type LayerSpec } from '../../engine/config';
import { dropoutRateSchema } from '../../engine/layers/dropout';
import { denseBlocks, withActivation, withDropout } from '../../engine/layers/edits';
import type { HiddenLayerForm } from '../../engine/mlpForm';
import { bnEpsilonSchema, bnMomentumSchema, initScaleSchema } from '../../engine/schema';
import { withBatchNorm } from '../withBatchNorm';
import type { Field, VariedField } from './field';
import { formatLayers, formatNet, parseLayers, parseNet } from './layerTokens';
import type { LinkSettings } from './linkSettings';
import { readBoolean, readChoice, readFlag, readNumber } from './read';

/** The model's settable fields (rows of SETTINGS). The MLP form's keys are written unless the list is one the form cannot show (`net`). */

const withoutNet = (s: LinkSettings): boolean => s.net === undefined;

const withLayers = (base: ExperimentConfig, edit: (layers: LayerSpec[]) => LayerSpec[]): ExperimentConfig => {
  const c = structuredClone(base);
  c.model.layers = edit(c.model.layers);
  return c;
};

export const NET: Field<LayerSpec[] | undefined> = {
  name: 'net',
  label: 'Layers',
  read: parseNet,
  format: (v) => formatNet(v ?? []),
  // Written only for a list the form cannot show; read, it replaces the form's keys.
  link: {
    key: 'net',
    path: 'model.layers',
    get: (s) => s.net,
    set: (s, v) => void (v === undefined ? delete s.net : (s.net = v.map((l) => ({ ...l })))),
    written: (s) => s.net !== undefined,
  },
};

export const HIDDEN_LAYERS: Field<HiddenLayerForm[]> = {
  name: 'hiddenLayers',
  label: 'Hidden layers',
  read: parseLayers,
  format: formatLayers,
  link: {
    key: 'layers',
    path: 'model.layers',
    get: (s) => s.model.hidden,
    set: (s, v) => void (s.model.hidden = v.map((h) => ({ ...h }))),
    written: withoutNet,
  },
};

export const INPUT_BATCH_NORM: Field<boolean> = {
  name: 'inputBatchNorm',
  label: 'Input BatchNorm',
  read: readFlag,
  format: (v) => (v ? '1' : '0'),
  link: {
    key: 'inbn',
    path: 'model.inputBatchNorm',
    get: (s) => s.model.inputBatchNorm,
    set: (s, v) => void (s.model.inputBatchNorm = v),
    written: withoutNet,
  },
};

export const ACTIVATION: VariedField<Activation> = {
  name: 'activation',
  label: 'Activation',
  read: (t) => readChoice(ACTIVATIONS, t),
  format: (v) => v,
  link: { key: 'act', path: 'model.activation', get: (s) => s.model.activation, set: (s, v) => void (s.model.activation = v), written: withoutNet },
  vary: {
    apply: (base, fn) => withLayers(base, (layers) => withActivation(layers, fn)),
    defaults: 'relu, sigmoid, tanh',
    hint: 'Any of relu, sigmoid, tanh.',
  },
};

/** An optional number of the model, under its own link key: written only when the config has it; `fallback` is what its absence means. */
const optionalModelNumber = (
  name: 'bnMomentum' | 'bnEpsilon' | 'initScale',
  label: string,
  key: string,
  schema: z.ZodType<number>,
  fallback: number,
): Field<number | undefined> => ({
  name,
  label,
  read: (t) => readNumber(t),
  schema,
  format: (v) => String(v ?? fallback),
  link: {
    key,
    path: `model.${name}`,
    get: (s) => s.model[name],
    set: (s, v) => void (v === undefined ? delete s.model[name] : (s.model[name] = v)),
    written: (s) => s.model[name] !== undefined,
  },
});

export const BN_MOMENTUM_FIELD = optionalModelNumber('bnMomentum', 'BN momentum', 'bnmom', bnMomentumSchema, BN_MOMENTUM);

export const BN_EPSILON_FIELD = optionalModelNumber('bnEpsilon', 'BN epsilon', 'bneps', bnEpsilonSchema, BN_EPSILON);

// Optional, like the pixel scalings: links from before them mean 1 and ÷255.
export const INIT_SCALE = optionalModelNumber('initScale', 'Weight init scale', 'init', initScaleSchema, 1);

/** Varied only: a link spells BatchNorm per layer in `layers`. */
export const BATCH_NORM: VariedField<boolean> = {
  name: 'batchNorm',
  label: 'BatchNorm',
  read: (t) => readBoolean('on', 'off', t),
  format: (v) => (v ? 'on' : 'off'),
  vary: { apply: withBatchNorm, defaults: 'on, off', hint: 'on, off: the same network with and without BatchNorm.' },
};

/** Varied only: a link spells dropout per layer in `layers`. */
export const DROPOUT: VariedField<number> = {
  name: 'dropout',
  label: 'Dropout rate',
  read: (t) => readNumber(t),
  schema: dropoutRateSchema,
  format: String,
  vary: {
    apply: (base, rate) => withLayers(base, (layers) => withDropout(layers, rate)),
    defaults: '0, 0.5',
    hint: 'Rates from 0 (none) to 0.9, after every hidden Dense layer, e.g. 0, 0.5.',
    unavailable: (base) => (denseBlocks(base.model.layers).length ? null : 'the network has no hidden Dense layer to put dropout after'),
  },
};
