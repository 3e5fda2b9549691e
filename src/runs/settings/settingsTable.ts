import type { ExperimentConfig } from '../../engine/config';
import { linkParam, parseField, type Field, type LinkParam, type VariedField } from './field';
import { ACTIVATION, BATCH_NORM, BN_EPSILON_FIELD, BN_MOMENTUM_FIELD, DROPOUT, HIDDEN_LAYERS, INIT_SCALE, INPUT_BATCH_NORM, NET } from './modelFields';
import type { Read } from './read';
import { BATCH_SIZE, DATASET, EPOCHS, EVAL_SCALE, LEARNING_RATE, OPTIMIZER, SEED, TRAIN_LIMIT, TRAIN_SCALE, VALIDATION } from './trainFields';
import { VARIED_SETTINGS, type Variation, type VariedSetting, type VariedValue } from './varied';

/**
 * THE table of an experiment's settable fields (the rows live in modelFields.ts and
 * trainFields.ts): the share link reads and writes the rows with a `link`, in this order; a
 * comparison varies the rows with a `vary`, the Compare panel parses their values and shows their
 * labels, defaults and hints. A new setting is one new row.
 */

/** One row with its value type closed over, so rows of different types share one list. */
export interface SettingRow {
  name: string;
  label: string;
  /** Null for a setting a link does not carry under its own key (it is part of another's value). */
  link: LinkParam | null;
  varied: boolean;
}

const row = <T>(field: Field<T>): SettingRow => ({
  name: field.name,
  label: field.label,
  link: field.link ? linkParam(field, field.link) : null,
  varied: field.vary !== undefined,
});

/** In link order (the varied-only rows last). */
export const SETTINGS: readonly SettingRow[] = [
  row(NET),
  row(HIDDEN_LAYERS),
  row(INPUT_BATCH_NORM),
  row(ACTIVATION),
  row(OPTIMIZER),
  row(BATCH_SIZE),
  row(LEARNING_RATE),
  row(EPOCHS),
  row(SEED),
  row(VALIDATION),
  row(TRAIN_LIMIT),
  row(DATASET),
  row(BN_MOMENTUM_FIELD),
  row(BN_EPSILON_FIELD),
  row(INIT_SCALE),
  row(TRAIN_SCALE),
  row(EVAL_SCALE),
  row(BATCH_NORM),
  row(DROPOUT),
];

/** The link's experiment keys, in the order a link writes them. */
export const LINK_PARAMS: readonly LinkParam[] = SETTINGS.flatMap((s) => (s.link ? [s.link] : []));

/** The rows a comparison may vary, by setting name. */
const VARIED_FIELDS: { [S in VariedSetting]: VariedField<VariedValue[S]> } = {
  batchNorm: BATCH_NORM,
  batchSize: BATCH_SIZE,
  learningRate: LEARNING_RATE,
  activation: ACTIVATION,
  optimizer: OPTIMIZER,
  dropout: DROPOUT,
};

export const variedField = <S extends VariedSetting>(setting: S): VariedField<VariedValue[S]> => VARIED_FIELDS[setting];

/** One thing every varied row says about itself, by setting name. */
const bySetting = (pick: (field: Pick<VariedField<unknown>, 'label' | 'vary'>) => string): Record<VariedSetting, string> =>
  Object.fromEntries(VARIED_SETTINGS.map((s) => [s, pick(variedField(s))])) as Record<VariedSetting, string>;

export const VARIATION_LABELS: Record<VariedSetting, string> = bySetting((f) => f.label);
/** What each setting's values look like as typed, and a sensible first comparison of it. */
export const VARIATION_DEFAULTS: Record<VariedSetting, string> = bySetting((f) => f.vary.defaults);
export const VARIATION_HINTS: Record<VariedSetting, string> = bySetting((f) => f.vary.hint);

/** Why a comparison cannot vary `setting` on `base` (it would change nothing), or null. */
export const variationUnavailable = (setting: VariedSetting, base: ExperimentConfig): string | null => variedField(setting).vary.unavailable?.(base) ?? null;

/** One value of `setting` read from text: syntax first, then its piece of the schema. */
export const parseVariedValue = <S extends VariedSetting>(setting: S, text: string): Read<VariedValue[S]> => parseField(variedField(setting), text);

/** One value of `setting` read from text, syntax only (the whole experiment is checked afterwards). */
export const readVariedValue = <S extends VariedSetting>(setting: S, text: string): Read<VariedValue[S]> => variedField(setting).read(text);

/** The variation's values as text, in order. */
export function formatVariedValues(variation: Variation): string[] {
  const field = variedField(variation.setting) as VariedField<(typeof variation.values)[number]>;
  return variation.values.map((v) => field.format(v));
}

/** The base with the variation's setting at its `index`th value (a copy; the base is untouched). */
export function applyVariedValue(base: ExperimentConfig, variation: Variation, index: number): ExperimentConfig {
  const field = variedField(variation.setting) as VariedField<(typeof variation.values)[number]>;
  return field.vary.apply(base, variation.values[index]!);
}

/** A variation from values read for `setting` (the pairing TypeScript cannot see through a generic). */
export const variationOf = <S extends VariedSetting>(setting: S, values: VariedValue[S][]): Variation => ({ setting, values }) as Variation;
