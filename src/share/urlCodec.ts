import type { z } from 'zod';
import {
  ACTIVATIONS,
  BN_EPSILON,
  BN_MOMENTUM,
  DATASETS,
  DEFAULT_DATASET,
  OPTIMIZERS,
  defaultExperiment,
  type Activation,
  type DatasetId,
  type ExperimentConfig,
  type LayerSpec,
  type OptimizerKind,
  type ValidationConfig,
} from '../engine/config';
import { unitsSchema } from '../engine/layers/dense';
import { dropoutRateSchema } from '../engine/layers/dropout';
import { defOf, LAYER_DEFS } from '../engine/layers/registry';
import { layersFromMlpForm, mlpFormOf, type HiddenLayerForm, type MlpForm } from '../engine/mlpForm';
import { bnEpsilonSchema, bnMomentumSchema, experimentSchema, initScaleSchema, LIMITS, layerListSchema, parseExperiment } from '../engine/schema';
import { DEFAULT_INPUT_SCALE, INPUT_SCALES, type InputScale } from '../engine/inputScale';
import { formatVariation } from '../runs/variationText';
import { isHideableControl, orderedControls, type HideableControl } from './hideableControls';
import {
  MAX_VARIATION_VALUES,
  SCHEDULES,
  VARIED_SETTINGS,
  invalidValue,
  type ComparisonSetup,
  type Schedule,
  type Variation,
  type VariedSetting,
} from '../runs/comparison';

/**
 * Share links: an experiment, and optionally a comparison, a preset and how the page looks (hidden
 * controls, presenter mode), as a short query string a teacher can read, edit by hand and send;
 * and back, with every ignored piece explained.
 *
 * | param    | setting                         | example                 | when absent     |
 * | -------- | ------------------------------- | ----------------------- | --------------- |
 * | `preset` | preset id, `[a-z0-9-]{1,40}`    | `preset=tutorial-bn`    | none            |
 * | `layers` | hidden layers, see below        | `layers=128bn,64bn`     | `128bn,64bn`    |
 * | `net`    | any layer list, see below       | `net=flat,d128,bn,relu,d10` | (`layers`…) |
 * | `inbn`   | BatchNorm on the input (0/1)    | `inbn=1`                | `0`             |
 * | `act`    | activation                      | `act=tanh`              | `relu`          |
 * | `opt`    | optimizer                       | `opt=sgd`               | `adam`          |
 * | `bs`     | batch size                      | `bs=64`                 | `32`            |
 * | `lr`     | learning rate                   | `lr=0.01`               | `0.001`         |
 * | `ep`     | epochs                          | `ep=5`                  | `10`            |
 * | `seed`   | random seed                     | `seed=7`                | `42`            |
 * | `val`    | `test`, or a holdout size       | `val=5000`              | `test`          |
 * | `limit`  | training images used, or `all`  | `limit=1000`            | `all`           |
 * | `data`   | dataset: `mnist` or `fashion`   | `data=fashion`          | `mnist`         |
 * | `bnmom`  | BN momentum (Keras' meaning)    | `bnmom=0.9`             | `0.99`          |
 * | `bneps`  | BN epsilon                      | `bneps=0.00001`         | `0.001`         |
 * | `init`   | weight init scale (× glorot)    | `init=0.1`              | `1`             |
 * | `trainscale` | training pixels: `div255`, `div255twice` or `raw` | `trainscale=div255twice` | `div255` |
 * | `evalscale`  | validation/test pixels, the same choices | `evalscale=div255` | `div255` |
 * | `vary`   | the setting a comparison varies | `vary=batchSize`        | no comparison   |
 * | `values` | its values (2 to 8)             | `values=16,64,256`      | (needs `vary`)  |
 * | `sched`  | `together` or `queue`           | `sched=queue`           | `together`      |
 * | `nobn`   | also each value without BN (0/1)| `nobn=1`                | `0`             |
 * | `hide`   | controls to hide, see below     | `hide=compare,share`    | none hidden     |
 * | `present`| presenter mode (0/1)            | `present=1`             | `0`             |
 *
 * `layers`: one token per hidden layer, `none` for no hidden layer. A token is the width plus
 * `bn` (BatchNorm before the activation), `bna` (after it), nothing (no BatchNorm) or `a` (no
 * BatchNorm, but the form remembers "after" for when it is switched back on), or `ln` / `lna`
 * (LayerNorm before / after the activation), then optionally `_d` and a dropout rate after the
 * layer (`128bn_d0.5`). `values` for
 * `vary=batchNorm` are `on` and `off`.
 *
 * `net`: a layer list the form cannot show (written instead of `layers`, `inbn`, `act`, `bnmom` and
 * `bneps`), one token per layer as its kind's module writes it (`d128`, `bn`, `bn_m0.9`, `ln`,
 * `relu`, `drop0.5`, `flat`, `maxpool2`, `gap`).
 *
 * `hide` and `present` say how the page looks, not what it trains: `hide` lists names from
 * HIDEABLE_CONTROLS (src/share/hideableControls.ts) for a guided exercise; an unknown name is
 * reported and the others still hidden. Both are written only when set.
 *
 * Encoding writes every experiment setting, not only those that differ from the defaults, so a
 * link keeps its meaning if the defaults change; a hand-written link may leave any of them out.
 * Parsing is pure: it never throws, it validates through the one schema, and whatever it ignores
 * it reports as a plain-text message naming the setting and the value (clipped), so nothing is
 * changed silently.
 */

export interface SharedExperiment {
  config: ExperimentConfig;
  /** The comparison to set up, without its base (the base is `config`); null for a single run. */
  comparison: Omit<ComparisonSetup, 'base'> | null;
  /** A preset id, if the link names one (an opaque string matched against [a-z0-9-]{1,40}; the caller checks it exists). */
  preset: string | null;
  /** Controls the page hides, in HIDEABLE_CONTROLS order without repeats; empty: all shown. */
  hidden: HideableControl[];
  /** Opens in presenter mode (large type, high contrast, fewer controls). */
  presenter: boolean;
}

/** Longer searches are not read at all: no real link comes near this. */
export const MAX_SEARCH_LENGTH = 4_000;
/** Longest single value read; the longest real one (8 learning rates) is under 200. */
const MAX_VALUE_LENGTH = 300;
/** Echoed keys and values are cut to this many characters in messages. */
const MAX_ECHO = 40;
/** Every message fits in this many characters. */
export const MAX_MESSAGE_LENGTH = 200;
/** After this many messages the rest are counted in one last message. */
const MAX_MESSAGES = 20;
const PRESET_ID = /^[a-z0-9-]{1,40}$/;
/** Plain decimal numbers only: no hex, no empty string (which `Number` reads as 0), no spaces. */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
const LAYER_TOKEN = /^(\d+)(bna|bn|lna|ln|a)?(?:_d(.+))?$/;
const DEFAULT_SCHEDULE: Schedule = 'together';

type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(reason: string): Parsed<T> => ({ ok: false, reason });

/** The value as `schema` (a piece of the one experiment schema) reads it, or the schema's own first message. */
function viaSchema<T>(schema: z.ZodType<T>, value: unknown): Parsed<T> {
  const r = schema.safeParse(value);
  return r.success ? ok(r.data) : fail(r.error.issues[0]?.message ?? 'Invalid value');
}

const number = (label: string, text: string): Parsed<number> =>
  DECIMAL.test(text) ? ok(Number(text)) : fail(`${label} must be a number`);

const oneOf = <T extends string>(label: string, options: readonly T[], text: string): Parsed<T> => {
  const found = options.find((o) => o === text);
  return found === undefined ? fail(`${label} must be one of ${options.join(', ')}`) : ok(found);
};

const flag = (label: string, text: string): Parsed<boolean> =>
  text === '1' ? ok(true) : text === '0' ? ok(false) : fail(`${label} must be 0 or 1`);

const train = experimentSchema.shape.train.shape;

/**
 * What a link sets: the experiment with its model as the MLP form shows it (the keys `layers`,
 * `inbn`, `act`, `bnmom`, `bneps` edit that view), or, with `net`, any layer list.
 */
type LinkSettings = Omit<ExperimentConfig, 'model'> & { model: MlpForm & { initScale?: number }; net?: LayerSpec[] };

/** The experiment a link's settings mean. */
function toConfig(s: LinkSettings): ExperimentConfig {
  const { net, model, ...rest } = s;
  const { initScale, ...form } = model;
  return { ...rest, model: { layers: net ?? layersFromMlpForm(form), ...(initScale !== undefined ? { initScale } : {}) } };
}

/** A config as link settings: its model in the MLP form's view, or (a list the form cannot show) as `net`. */
function toSettings(config: ExperimentConfig): LinkSettings {
  const { model, ...rest } = structuredClone(config);
  const form = mlpFormOf(model.layers);
  const initScale = model.initScale !== undefined ? { initScale: model.initScale } : {};
  return form ? { ...rest, model: { ...form, ...initScale } } : { ...rest, model: { ...toSettings(defaultExperiment()).model, ...initScale }, net: model.layers };
}

const defaultSettings = (): LinkSettings => toSettings(defaultExperiment());

function parseBatchSize(text: string): Parsed<number> {
  const n = number('Batch size', text);
  return n.ok ? viaSchema(train.batchSize, n.value) : n;
}

function parseLearningRate(text: string): Parsed<number> {
  const n = number('Learning rate', text);
  return n.ok ? viaSchema(train.learningRate, n.value) : n;
}

function formatLayer(h: HiddenLayerForm): string {
  const norm = h.layerNorm ? 'ln' : h.batchNorm ? 'bn' : '';
  const suffix = norm ? (h.bnPosition === 'after' ? `${norm}a` : norm) : h.bnPosition === 'after' ? 'a' : '';
  return `${h.units}${suffix}${h.dropout ? `_d${h.dropout}` : ''}`;
}

function parseLayers(text: string): Parsed<HiddenLayerForm[]> {
  if (text === 'none') return ok([]);
  const layers: HiddenLayerForm[] = [];
  for (const [i, token] of text.split(',').entries()) {
    const m = LAYER_TOKEN.exec(token);
    if (!m) return fail(`Hidden layer ${i + 1} must be a width with optional bn, bna, ln or lna and _d with a dropout rate, like 128bn or 128bn_d0.5`);
    const units = viaSchema(unitsSchema, Number(m[1]));
    if (!units.ok) return fail(`Hidden layer ${i + 1}: ${units.reason}`);
    const suffix = m[2] ?? '';
    const layer: HiddenLayerForm = { units: units.value, batchNorm: suffix.startsWith('bn'), bnPosition: suffix.endsWith('a') ? 'after' : 'before' };
    if (suffix.startsWith('ln')) layer.layerNorm = true;
    if (m[3] !== undefined) {
      const rate = DECIMAL.test(m[3]) ? viaSchema(dropoutRateSchema, Number(m[3])) : fail<number>('Dropout rate must be a number');
      if (!rate.ok) return fail(`Hidden layer ${i + 1}: ${rate.reason}`);
      if (rate.value > 0) layer.dropout = rate.value;
    }
    layers.push(layer);
  }
  if (layers.length > LIMITS.maxLayers) return fail(`At most ${LIMITS.maxLayers} hidden layers`);
  return ok(layers);
}

/** `net`: each token read by the first layer kind that recognises it, then the whole list checked by the schema. */
function parseNet(text: string): Parsed<LayerSpec[]> {
  const specs: LayerSpec[] = [];
  for (const [i, token] of text.split(',').entries()) {
    const spec = Object.values(LAYER_DEFS).reduce<LayerSpec | null>((found, def) => found ?? def.parseToken(token), null);
    if (!spec) return fail(`Layer ${i + 1} "${echo(token)}" is not a layer token (like d128, bn, relu, drop0.5, flat)`);
    specs.push(spec);
  }
  return viaSchema(layerListSchema, specs);
}

const formatNet = (layers: readonly LayerSpec[]): string => layers.map((l) => defOf(l).formatToken(l)).join(',');

/**
 * One row per experiment setting: its key, the config path it owns (schema errors at or under
 * that path are its), how to read and write it, and where it lives in the config.
 */
interface ParamSpec<T> {
  key: string;
  path: string;
  parse(text: string): Parsed<T>;
  format(value: T): string;
  get(config: LinkSettings): T;
  /** Modifies `config`. */
  set(config: LinkSettings, value: T): void;
  /** An optional setting is written only when the config has it (absent: its default). */
  optional?: (config: LinkSettings) => boolean;
}

/** A row with its value type closed over, so rows of different types share one table. */
interface Param {
  key: string;
  path: string;
  /** Null when an optional setting is absent: left out of the link. */
  write(config: LinkSettings): string | null;
  /** Reads `text` into `config` (modified in place); the reason when it cannot. */
  read(text: string, config: LinkSettings): string | null;
  /** Puts the default back into `config` (modified in place). */
  reset(config: LinkSettings): void;
}

function param<T>(spec: ParamSpec<T>): Param {
  return {
    key: spec.key,
    path: spec.path,
    write: (config) => (spec.optional && !spec.optional(config) ? null : spec.format(spec.get(config))),
    read: (text, config) => {
      const parsed = spec.parse(text);
      if (!parsed.ok) return parsed.reason;
      spec.set(config, parsed.value);
      return null;
    },
    reset: (config) => spec.set(config, spec.get(defaultSettings())),
  };
}

/** The MLP form's keys are written unless the list is one the form cannot show. */
const withoutNet = (c: LinkSettings): boolean => c.net === undefined;

/** The experiment's settings in link order. A new setting is one new row. */
const PARAMS: readonly Param[] = [
  param<LayerSpec[] | undefined>({
    // Written only for a list the form cannot show; read, it replaces the form's keys.
    key: 'net',
    path: 'model.layers',
    parse: parseNet,
    format: (v) => formatNet(v ?? []),
    get: (c) => c.net,
    set: (c, v) => void (v === undefined ? delete c.net : (c.net = v.map((l) => ({ ...l })))),
    optional: (c) => c.net !== undefined,
  }),
  param({
    key: 'layers',
    path: 'model.layers',
    parse: parseLayers,
    format: (hidden) => (hidden.length ? hidden.map(formatLayer).join(',') : 'none'),
    get: (c) => c.model.hidden,
    set: (c, v) => void (c.model.hidden = v.map((h) => ({ ...h }))),
    optional: withoutNet,
  }),
  param({
    key: 'inbn',
    path: 'model.inputBatchNorm',
    parse: (t) => flag('Input BatchNorm', t),
    format: (v) => (v ? '1' : '0'),
    get: (c) => c.model.inputBatchNorm,
    set: (c, v) => void (c.model.inputBatchNorm = v),
    optional: withoutNet,
  }),
  param<Activation>({
    key: 'act',
    path: 'model.activation',
    parse: (t) => oneOf('Activation', ACTIVATIONS, t),
    format: (v) => v,
    get: (c) => c.model.activation,
    set: (c, v) => void (c.model.activation = v),
    optional: withoutNet,
  }),
  param<OptimizerKind>({
    key: 'opt',
    path: 'train.optimizer',
    parse: (t) => oneOf('Optimizer', OPTIMIZERS, t),
    format: (v) => v,
    get: (c) => c.train.optimizer,
    set: (c, v) => void (c.train.optimizer = v),
  }),
  param({
    key: 'bs',
    path: 'train.batchSize',
    parse: parseBatchSize,
    format: String,
    get: (c) => c.train.batchSize,
    set: (c, v) => void (c.train.batchSize = v),
  }),
  param({
    key: 'lr',
    path: 'train.learningRate',
    parse: parseLearningRate,
    format: String,
    get: (c) => c.train.learningRate,
    set: (c, v) => void (c.train.learningRate = v),
  }),
  param({
    key: 'ep',
    path: 'train.epochs',
    parse: (t) => {
      const n = number('Epochs', t);
      return n.ok ? viaSchema(train.epochs, n.value) : n;
    },
    format: String,
    get: (c) => c.train.epochs,
    set: (c, v) => void (c.train.epochs = v),
  }),
  param({
    key: 'seed',
    path: 'train.seed',
    parse: (t) => {
      const n = number('Random seed', t);
      return n.ok ? viaSchema(train.seed, n.value) : n;
    },
    format: String,
    get: (c) => c.train.seed,
    set: (c, v) => void (c.train.seed = v),
  }),
  param<ValidationConfig>({
    key: 'val',
    path: 'train.validation',
    parse: (t) => {
      if (t === 'test') return ok({ kind: 'test' as const });
      if (!DECIMAL.test(t)) return fail('Validation must be test or a number of holdout images');
      return viaSchema(train.validation, { kind: 'holdout', size: Number(t) });
    },
    format: (v) => (v.kind === 'test' ? 'test' : String(v.size)),
    get: (c) => c.train.validation,
    set: (c, v) => void (c.train.validation = { ...v }),
  }),
  param<number | null>({
    key: 'limit',
    path: 'train.trainLimit',
    parse: (t) => {
      if (t === 'all') return ok(null);
      const n = number('Training images', t);
      return n.ok ? viaSchema(train.trainLimit, n.value) : fail('Training images must be all or a number');
    },
    format: (v) => (v === null ? 'all' : String(v)),
    get: (c) => c.train.trainLimit,
    set: (c, v) => void (c.train.trainLimit = v),
  }),
  param<DatasetId | undefined>({
    // Optional: every link from before the choice meant MNIST.
    key: 'data',
    path: 'dataset',
    parse: (t) => oneOf('Dataset', DATASETS, t),
    format: (v) => v ?? DEFAULT_DATASET,
    get: (c) => c.dataset,
    set: (c, v) => void (v === undefined ? delete c.dataset : (c.dataset = v)),
    optional: (c) => c.dataset !== undefined,
  }),
  param<number | undefined>({
    key: 'bnmom',
    path: 'model.bnMomentum',
    parse: (t) => {
      const n = number('BN momentum', t);
      return n.ok ? viaSchema(bnMomentumSchema, n.value) : n;
    },
    format: (v) => String(v ?? BN_MOMENTUM),
    get: (c) => c.model.bnMomentum,
    set: (c, v) => void (v === undefined ? delete c.model.bnMomentum : (c.model.bnMomentum = v)),
    optional: (c) => c.model.bnMomentum !== undefined,
  }),
  param<number | undefined>({
    key: 'bneps',
    path: 'model.bnEpsilon',
    parse: (t) => {
      const n = number('BN epsilon', t);
      return n.ok ? viaSchema(bnEpsilonSchema, n.value) : n;
    },
    format: (v) => String(v ?? BN_EPSILON),
    get: (c) => c.model.bnEpsilon,
    set: (c, v) => void (v === undefined ? delete c.model.bnEpsilon : (c.model.bnEpsilon = v)),
    optional: (c) => c.model.bnEpsilon !== undefined,
  }),
  param<number | undefined>({
    // Optional, like the rows below: links from before them mean 1 and ÷255.
    key: 'init',
    path: 'model.initScale',
    parse: (t) => {
      const n = number('Weight init scale', t);
      return n.ok ? viaSchema(initScaleSchema, n.value) : n;
    },
    format: (v) => String(v ?? 1),
    get: (c) => c.model.initScale,
    set: (c, v) => void (v === undefined ? delete c.model.initScale : (c.model.initScale = v)),
    optional: (c) => c.model.initScale !== undefined,
  }),
  param<InputScale | undefined>({
    key: 'trainscale',
    path: 'train.trainScale',
    parse: (t) => oneOf('Training pixel scaling', INPUT_SCALES, t),
    format: (v) => v ?? DEFAULT_INPUT_SCALE,
    get: (c) => c.train.trainScale,
    set: (c, v) => void (v === undefined ? delete c.train.trainScale : (c.train.trainScale = v)),
    optional: (c) => c.train.trainScale !== undefined,
  }),
  param<InputScale | undefined>({
    key: 'evalscale',
    path: 'train.evalScale',
    parse: (t) => oneOf('Evaluation pixel scaling', INPUT_SCALES, t),
    format: (v) => v ?? DEFAULT_INPUT_SCALE,
    get: (c) => c.train.evalScale,
    set: (c, v) => void (v === undefined ? delete c.train.evalScale : (c.train.evalScale = v)),
    optional: (c) => c.train.evalScale !== undefined,
  }),
];

/**
 * Cross-field errors name one field, but a link may have set another: a batch size too big for
 * `limit=10` is `limit`'s doing when `bs` was not in the link. Tried in order after the owner.
 */
const ALSO_TO_BLAME: Readonly<Record<string, readonly string[]>> = {
  'train.batchSize': ['limit', 'val'],
  'train.trainLimit': ['val'],
};

/**
 * The setting from the link to blame for a schema error at `path`: its owner if the link set it,
 * else the next in ALSO_TO_BLAME; with the reason to give, worded for that setting.
 */
function culprit(path: string, message: string, given: ReadonlyMap<string, string>): { param: Param; reason: string } | undefined {
  // Several keys may own a path (`net` and `layers` both set the layers): the one the link gave.
  const owners = PARAMS.filter((p) => path === p.path || path.startsWith(`${p.path}.`));
  const owner = owners.find((p) => given.has(p.key)) ?? owners[0];
  const keys = [...(owner ? [owner.key] : []), ...(ALSO_TO_BLAME[path] ?? [])];
  const param = PARAMS.find((p) => p.key === keys.find((k) => given.has(k)));
  if (!param) return undefined;
  return { param, reason: param === owner ? message : `with it, ${message.charAt(0).toLowerCase()}${message.slice(1)}` };
}

const COMPARISON_KEYS = ['vary', 'values', 'sched', 'nobn'] as const;
const VIEW_KEYS = ['hide', 'present'] as const;
const KNOWN_KEYS = new Set<string>(['preset', ...PARAMS.map((p) => p.key), ...COMPARISON_KEYS, ...VIEW_KEYS]);

interface ValueCodec<T> {
  parse(text: string): Parsed<T>;
}

const VALUE_CODECS = {
  batchNorm: {
    parse: (t: string): Parsed<boolean> => (t === 'on' ? ok(true) : t === 'off' ? ok(false) : fail('BatchNorm must be on or off')),
  },
  batchSize: { parse: parseBatchSize },
  learningRate: { parse: parseLearningRate },
  activation: { parse: (t: string) => oneOf('Activation', ACTIVATIONS, t) },
  optimizer: { parse: (t: string) => oneOf('Optimizer', OPTIMIZERS, t) },
  dropout: {
    parse: (t: string): Parsed<number> => {
      const n = number('Dropout rate', t);
      return n.ok ? viaSchema(dropoutRateSchema, n.value) : n;
    },
  },
} satisfies { [S in VariedSetting]: ValueCodec<Extract<Variation, { setting: S }>['values'][number]> };

/** 2 to MAX_VARIATION_VALUES distinct values, each valid on its own. */
function parseList<T>(text: string, codec: ValueCodec<T>): Parsed<T[]> {
  const parts = text.split(',');
  if (parts.length < 2) return fail('A comparison needs at least 2 values');
  if (parts.length > MAX_VARIATION_VALUES) return fail(`A comparison takes at most ${MAX_VARIATION_VALUES} values`);
  const values: T[] = [];
  for (const [i, part] of parts.entries()) {
    const v = codec.parse(part);
    if (!v.ok) return fail(`value ${i + 1} "${echo(part)}": ${v.reason}`);
    if (values.includes(v.value)) return fail(`value ${i + 1} "${echo(part)}" is repeated`);
    values.push(v.value);
  }
  return ok(values);
}

function parseVariation(setting: VariedSetting, text: string): Parsed<Variation> {
  switch (setting) {
    case 'batchNorm': {
      const r = parseList(text, VALUE_CODECS.batchNorm);
      return r.ok ? ok({ setting, values: r.value }) : r;
    }
    case 'batchSize': {
      const r = parseList(text, VALUE_CODECS.batchSize);
      return r.ok ? ok({ setting, values: r.value }) : r;
    }
    case 'learningRate': {
      const r = parseList(text, VALUE_CODECS.learningRate);
      return r.ok ? ok({ setting, values: r.value }) : r;
    }
    case 'activation': {
      const r = parseList(text, VALUE_CODECS.activation);
      return r.ok ? ok({ setting, values: r.value }) : r;
    }
    case 'optimizer': {
      const r = parseList(text, VALUE_CODECS.optimizer);
      return r.ok ? ok({ setting, values: r.value }) : r;
    }
    case 'dropout': {
      const r = parseList(text, VALUE_CODECS.dropout);
      return r.ok ? ok({ setting, values: r.value }) : r;
    }
  }
}

/** Keeps the values `,` and `-` readable; everything our formats write is otherwise unreserved. */
const escapeValue = (text: string): string => encodeURIComponent(text).replace(/%2C/g, ',');

/** The link's query string, without a leading `?`, keys always in table order. */
export function encodeShare(shared: SharedExperiment): string {
  const pairs: [string, string][] = [];
  const settings = toSettings(shared.config);
  if (shared.preset !== null) pairs.push(['preset', shared.preset]);
  for (const p of PARAMS) {
    const value = p.write(settings);
    if (value !== null) pairs.push([p.key, value]);
  }
  const c = shared.comparison;
  if (c) {
    pairs.push(['vary', c.variation.setting], ['values', formatVariation(c.variation, ',')]);
    pairs.push(['sched', c.schedule], ['nobn', c.alsoWithoutBn ? '1' : '0']);
  }
  const hidden = orderedControls(shared.hidden);
  if (hidden.length) pairs.push(['hide', hidden.join(',')]);
  if (shared.presenter) pairs.push(['present', '1']);
  return pairs.map(([k, v]) => `${k}=${escapeValue(v)}`).join('&');
}

/** Echoed text for a message: invisible and control characters shown as `?`, cut to MAX_ECHO. */
function echo(text: string): string {
  const chars = Array.from(text.replace(/\p{C}/gu, '?'));
  return chars.length > MAX_ECHO ? `${chars.slice(0, MAX_ECHO - 1).join('')}…` : chars.join('');
}

/** Collects messages, each clipped to MAX_MESSAGE_LENGTH; past MAX_MESSAGES it only counts. */
class Messages {
  readonly list: string[] = [];
  private dropped = 0;

  add(message: string): void {
    if (this.list.length < MAX_MESSAGES) {
      this.list.push(message.length > MAX_MESSAGE_LENGTH ? `${message.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : message);
    } else {
      this.dropped += 1;
    }
  }

  ignored(key: string, value: string, reason: string): void {
    this.add(`Ignored "${echo(key)}=${echo(value)}": ${reason}`);
  }

  done(): string[] {
    return this.dropped ? [...this.list, `…and ${this.dropped} more things in the link were ignored`] : this.list;
  }
}

interface Pair {
  key: string;
  value: string;
}

/** Splits the search into decoded pairs; bad encoding, unknown keys, repeats and long values are reported and left out. */
function readPairs(search: string, messages: Messages): Map<string, string> {
  const seen = new Map<string, Pair[]>();
  for (const piece of search.split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    const rawKey = eq < 0 ? piece : piece.slice(0, eq);
    const rawValue = eq < 0 ? '' : piece.slice(eq + 1);
    let key: string;
    let value: string;
    try {
      key = decodeURIComponent(rawKey);
      value = decodeURIComponent(rawValue);
    } catch {
      messages.ignored(rawKey, rawValue, 'it is not valid URL encoding');
      continue;
    }
    if (!KNOWN_KEYS.has(key)) {
      messages.ignored(key, value, `there is no setting called "${echo(key)}"`);
      continue;
    }
    seen.set(key, [...(seen.get(key) ?? []), { key, value }]);
  }
  const pairs = new Map<string, string>();
  for (const [key, list] of seen) {
    if (list.length > 1) {
      for (const p of list) messages.ignored(p.key, p.value, `${key} is given ${list.length} times, so the default is kept`);
    } else if (list[0]!.value.length > MAX_VALUE_LENGTH) {
      messages.ignored(key, list[0]!.value, `the value is longer than ${MAX_VALUE_LENGTH} characters`);
    } else {
      pairs.set(key, list[0]!.value);
    }
  }
  return pairs;
}

/**
 * Reads the experiment settings into a default config, then resolves whatever the schema still
 * refuses (cross-field limits against `trainImages`) by putting the offending settings back to
 * their defaults, one at a time, each with a message. Falls back to the whole default config,
 * which passes the schema unless `trainImages` is too few for the defaults themselves.
 */
function readConfig(pairs: Map<string, string>, trainImages: number, messages: Messages): ExperimentConfig {
  const config = defaultSettings();
  const given = new Map<string, string>();
  for (const p of PARAMS) {
    const text = pairs.get(p.key);
    if (text === undefined) continue;
    const reason = p.read(text, config);
    if (reason === null) given.set(p.key, text);
    else messages.ignored(p.key, text, reason);
  }
  for (let round = 0; round <= PARAMS.length; round++) {
    const r = parseExperiment(toConfig(config), trainImages);
    if (r.ok) return r.config;
    const blame = Object.entries(r.errors)
      .map(([path, message]) => culprit(path, message, given))
      .find((b) => b !== undefined);
    if (!blame) break;
    messages.ignored(blame.param.key, given.get(blame.param.key)!, blame.reason);
    blame.param.reset(config);
    given.delete(blame.param.key);
  }
  // Only reached when even the defaults do not fit `trainImages`: nothing the link said can fix that.
  const r = parseExperiment(toConfig(config), trainImages);
  const why = r.ok ? '' : (Object.values(r.errors)[0] ?? '');
  if (given.size) messages.add(`Ignored the link's ${[...given.keys()].join(', ')}: even with the defaults, ${why}`);
  return defaultExperiment();
}

/**
 * The comparison from `vary`/`values`/`sched`/`nobn`, every value checked on `config`; null (with a
 * message) when the setting or any value is wrong. A bad `sched` or `nobn` keeps its default.
 */
function readComparison(
  pairs: Map<string, string>,
  config: ExperimentConfig,
  trainImages: number,
  messages: Messages,
): SharedExperiment['comparison'] {
  const vary = pairs.get('vary');
  if (vary === undefined) {
    for (const key of COMPARISON_KEYS) {
      const value = pairs.get(key);
      if (value !== undefined) messages.ignored(key, value, `${key} only applies to a comparison, and the link has no vary=`);
    }
    return null;
  }
  const setting = oneOf('Varied setting', VARIED_SETTINGS, vary);
  if (!setting.ok) {
    messages.ignored('vary', vary, `${setting.reason}; no comparison is set up`);
    return null;
  }
  const valuesText = pairs.get('values');
  if (valuesText === undefined) {
    messages.ignored('vary', vary, `a comparison needs values= with 2 to ${MAX_VARIATION_VALUES} values; no comparison is set up`);
    return null;
  }
  const variation = parseVariation(setting.value, valuesText);
  if (!variation.ok) {
    messages.ignored('values', valuesText, `${variation.reason}; no comparison is set up`);
    return null;
  }
  const invalid = invalidValue(config, variation.value, trainImages);
  if (invalid) {
    const part = valuesText.split(',')[invalid.index]!;
    messages.ignored('values', valuesText, `value ${invalid.index + 1} "${echo(part)}": ${invalid.reason}; no comparison is set up`);
    return null;
  }
  let schedule = DEFAULT_SCHEDULE;
  const sched = pairs.get('sched');
  if (sched !== undefined) {
    const s = oneOf('Schedule', SCHEDULES, sched);
    if (s.ok) schedule = s.value;
    else messages.ignored('sched', sched, `${s.reason}; using ${DEFAULT_SCHEDULE}`);
  }
  let alsoWithoutBn = false;
  const nobn = pairs.get('nobn');
  if (nobn !== undefined) {
    const f = flag('Also without BatchNorm', nobn);
    if (f.ok) alsoWithoutBn = f.value;
    else messages.ignored('nobn', nobn, f.reason);
  }
  return { variation: variation.value, schedule, alsoWithoutBn };
}

function readPreset(pairs: Map<string, string>, messages: Messages): string | null {
  const preset = pairs.get('preset');
  if (preset === undefined) return null;
  if (PRESET_ID.test(preset)) return preset;
  messages.ignored('preset', preset, 'Preset must be 1 to 40 lowercase letters, digits or dashes');
  return null;
}

/** `hide`: each known name is hidden, each unknown one reported; empty items (`hide=share,`) are skipped. */
function readHidden(pairs: Map<string, string>, messages: Messages): HideableControl[] {
  const text = pairs.get('hide');
  if (text === undefined) return [];
  const hidden: HideableControl[] = [];
  for (const name of text.split(',')) {
    if (name === '') continue;
    if (isHideableControl(name)) hidden.push(name);
    else messages.ignored('hide', name, `there is no control called "${echo(name)}" to hide`);
  }
  return orderedControls(hidden);
}

function readPresenter(pairs: Map<string, string>, messages: Messages): boolean {
  const text = pairs.get('present');
  if (text === undefined) return false;
  const f = flag('Presenter mode', text);
  if (f.ok) return f.value;
  messages.ignored('present', text, f.reason);
  return false;
}

const defaults = (): SharedExperiment => ({ config: defaultExperiment(), comparison: null, preset: null, hidden: [], presenter: false });

/**
 * Reads a link's search (`location.search` or `location.hash`; a leading `?` or `#` is skipped)
 * against the `trainImages` training images there are. Never throws: every setting it cannot use
 * keeps its default and adds a message (plain text, ≤ MAX_MESSAGE_LENGTH characters) to `ignored`.
 * The config always passes `parseExperiment(config, trainImages)` unless even the defaults do not.
 */
export function decodeShare(search: string, trainImages: number): { shared: SharedExperiment; ignored: string[] } {
  const messages = new Messages();
  try {
    const text = search.startsWith('?') || search.startsWith('#') ? search.slice(1) : search;
    if (text.length > MAX_SEARCH_LENGTH) {
      messages.add(`Ignored the whole link: it is longer than ${MAX_SEARCH_LENGTH.toLocaleString('en-US')} characters`);
      return { shared: defaults(), ignored: messages.done() };
    }
    const pairs = readPairs(text, messages);
    const preset = readPreset(pairs, messages);
    const config = readConfig(pairs, trainImages, messages);
    const comparison = readComparison(pairs, config, trainImages, messages);
    const hidden = readHidden(pairs, messages);
    const presenter = readPresenter(pairs, messages);
    return { shared: { config, comparison, preset, hidden, presenter }, ignored: messages.done() };
  } catch {
    // Not expected (the fuzz tests look for this message); a link must never break the page.
    return { shared: defaults(), ignored: ['Ignored the whole link: it could not be read'] };
  }
}

/**
 * The page's own search (`location.search`) with presenter mode switched on or off, everything
 * else left as it was: `present=1` written last, or every `present` removed. Without a leading `?`.
 */
export function withPresenter(search: string, on: boolean): string {
  const text = search.startsWith('?') ? search.slice(1) : search;
  const kept = text.split('&').filter((piece) => piece !== '' && piece.split('=')[0] !== 'present');
  return [...kept, ...(on ? ['present=1'] : [])].join('&');
}
