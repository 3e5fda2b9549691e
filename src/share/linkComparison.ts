import type { ExperimentConfig } from '../engine/config';
import { failure, success, type Result } from '../result';
import {
  invalidValue,
  MAX_VARIATION_VALUES,
  SCHEDULES,
  VARIED_SETTINGS,
  type ComparisonSetup,
  type Schedule,
  type VariedSetting,
  type Variation,
} from '../runs/comparison';
import { echo, linkReason, readChoice, readFlag } from '../runs/settings/read';
import { parseVariedValue, variationOf, variedField } from '../runs/settings/settingsTable';
import type { VariedValue } from '../runs/settings/varied';
import { formatVariation } from '../runs/variationText';
import { readKey, type Messages } from './linkMessages';

/** A link's comparison: `vary` (a varied setting's name), `values`, `sched`, `nobn`. */

export const COMPARISON_KEYS = ['vary', 'values', 'sched', 'nobn'] as const;
const DEFAULT_SCHEDULE: Schedule = 'together';

export type SharedComparison = Omit<ComparisonSetup, 'base'>;

export function writeComparison(c: SharedComparison): [string, string][] {
  return [
    ['vary', c.variation.setting],
    ['values', formatVariation(c.variation, ',')],
    ['sched', c.schedule],
    ['nobn', c.alsoWithoutBn ? '1' : '0'],
  ];
}

/** `values`: 2 to MAX_VARIATION_VALUES distinct values, each valid on its own. */
function parseValues<S extends VariedSetting>(setting: S, text: string): Result<Variation> {
  const parts = text.split(',');
  if (parts.length < 2) return failure('A comparison needs at least 2 values');
  if (parts.length > MAX_VARIATION_VALUES) return failure(`A comparison takes at most ${MAX_VARIATION_VALUES} values`);
  const values: VariedValue[S][] = [];
  for (const [i, part] of parts.entries()) {
    const v = parseVariedValue(setting, part);
    if (!v.ok) return failure(`value ${i + 1} "${echo(part)}": ${linkReason(variedField(setting).label, v.error)}`);
    if (values.includes(v.value)) return failure(`value ${i + 1} "${echo(part)}" is repeated`);
    values.push(v.value);
  }
  return success(variationOf(setting, values));
}

/** The variation from `vary` and `values`, every value checked on `config`; null (with a message) when anything is wrong. */
function readVariation(pairs: ReadonlyMap<string, string>, vary: string, config: ExperimentConfig, trainImages: number, messages: Messages): Variation | null {
  const setting = readChoice(VARIED_SETTINGS, vary);
  if (!setting.ok) {
    messages.ignored('vary', vary, `${linkReason('Varied setting', setting.error)}; no comparison is set up`);
    return null;
  }
  const valuesText = pairs.get('values');
  if (valuesText === undefined) {
    messages.ignored('vary', vary, `a comparison needs values= with 2 to ${MAX_VARIATION_VALUES} values; no comparison is set up`);
    return null;
  }
  const variation = parseValues(setting.value, valuesText);
  if (!variation.ok) {
    messages.ignored('values', valuesText, `${variation.error}; no comparison is set up`);
    return null;
  }
  const invalid = invalidValue(config, variation.value, trainImages);
  if (invalid) {
    const part = valuesText.split(',')[invalid.index];
    const which = part === undefined ? '' : `value ${invalid.index + 1} "${echo(part)}": `;
    messages.ignored(part === undefined ? 'vary' : 'values', part === undefined ? vary : valuesText, `${which}${invalid.reason}; no comparison is set up`);
    return null;
  }
  return variation.value;
}

/**
 * The comparison from `vary`/`values`/`sched`/`nobn`, every value checked on `config`; null (with a
 * message) when the setting or any value is wrong. A bad `sched` or `nobn` keeps its default.
 */
export function readComparison(pairs: ReadonlyMap<string, string>, config: ExperimentConfig, trainImages: number, messages: Messages): SharedComparison | null {
  const vary = pairs.get('vary');
  if (vary === undefined) {
    for (const key of COMPARISON_KEYS) {
      const value = pairs.get(key);
      if (value !== undefined) messages.ignored(key, value, `${key} only applies to a comparison, and the link has no vary=`);
    }
    return null;
  }
  const variation = readVariation(pairs, vary, config, trainImages, messages);
  if (!variation) return null;
  const schedule = readKey(pairs, messages, 'sched', 'Schedule', (t) => readChoice(SCHEDULES, t), DEFAULT_SCHEDULE, `; using ${DEFAULT_SCHEDULE}`);
  const alsoWithoutBn = readKey(pairs, messages, 'nobn', 'Also without BatchNorm', readFlag, false);
  return { variation, schedule, alsoWithoutBn };
}
