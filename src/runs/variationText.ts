import type { ExperimentConfig } from '../engine/config';
import { failure, success, type Result } from '../result';
import { invalidValue, MAX_VARIATION_VALUES, type VariedSetting, type Variation } from './comparison';
import { formatVariedValues, readVariedValue, VARIATION_LABELS, variationOf } from './settings/settingsTable';
import type { VariedValue } from './settings/varied';

export { VARIATION_DEFAULTS, VARIATION_HINTS, VARIATION_LABELS } from './settings/settingsTable';

/** The Compare panel's values as typed ("16, 64, 256"): its own wording of the settings table's problems. */

const quote = (text: string) => `"${text.length > 40 ? `${text.slice(0, 40)}…` : text}"`;

/** Every word as the setting's value, or the first one that is not even the right kind of word. */
function readWords<S extends VariedSetting>(setting: S, words: string[]): Result<VariedValue[S][]> {
  const values: VariedValue[S][] = [];
  for (const word of words) {
    const r = readVariedValue(setting, word);
    if (!r.ok) {
      const problem = r.error.kind === 'syntax' ? `is not ${r.error.isNot}` : r.error.message;
      return failure(`${VARIATION_LABELS[setting]}: ${quote(word)} ${problem}`);
    }
    values.push(r.value);
  }
  return success(values);
}

/**
 * Reads a comma-separated list of values for `setting` ("16, 64, 256") and checks each resulting
 * experiment against the same schema as the form, so a value is refused with the form's message.
 */
export function parseVariation(setting: VariedSetting, text: string, base: ExperimentConfig, trainImages: number): Result<Variation> {
  const label = VARIATION_LABELS[setting];
  const words = text
    .split(/[\s,]+/)
    .map((w) => w.trim().toLowerCase())
    .filter(Boolean);
  if (words.length < 2) return failure(`${label}: give at least two values, separated by commas`);
  if (words.length > MAX_VARIATION_VALUES) return failure(`${label}: at most ${MAX_VARIATION_VALUES} values`);
  if (new Set(words).size !== words.length) return failure(`${label}: each value only once`);
  const values = readWords(setting, words);
  if (!values.ok) return values;
  const variation = variationOf(setting, values.value);
  const invalid = invalidValue(base, variation, trainImages);
  if (invalid) return failure(invalid.index < 0 ? `${label}: ${invalid.reason}` : `${label} ${quote(words[invalid.index]!)}: ${invalid.reason}`);
  return success(variation);
}

/** The values back as text, the inverse of `parseVariation` (a link uses `separator` ","). */
export const formatVariation = (variation: Variation, separator = ', '): string => formatVariedValues(variation).join(separator);
