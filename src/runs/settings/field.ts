import type { z } from 'zod';
import type { ExperimentConfig } from '../../engine/config';
import type { LinkSettings } from './linkSettings';
import { linkReason, viaSchema, type Read } from './read';

/**
 * One settable field of an experiment: how its value is read from text (a link's value, a word the
 * Compare panel is given), checked against the one schema, and written back; where a link keeps it;
 * whether a comparison may vary it and how. A row of SETTINGS (settingsTable.ts).
 */
export interface Field<T> {
  /** The setting's name: for a varied one, `vary=` in a link and the Compare panel's choice. */
  name: string;
  /** As people read it, at the start of every message about it. */
  label: string;
  /** The text as a value, or a syntax problem ("must be a number"); no range check. */
  read(text: string): Read<T>;
  /** The piece of the one experiment schema a value must pass on its own; absent: `read` checks everything. */
  schema?: z.ZodType<T>;
  format(value: T): string;
  link?: LinkBinding<T>;
  vary?: VaryBinding<T>;
}

/** Where a link keeps a setting. */
export interface LinkBinding<T> {
  key: string;
  /** The config path it owns: schema errors at or under it are its. */
  path: string;
  get(settings: LinkSettings): T;
  /** Modifies `settings`. */
  set(settings: LinkSettings, value: T): void;
  /** Written only when this holds (an optional setting the config lacks is left out). Absent: always written. */
  written?: (settings: LinkSettings) => boolean;
}

/** How a comparison varies a setting. */
export interface VaryBinding<T> {
  /** A copy of `base` with the setting at `value` (`base` untouched). */
  apply(base: ExperimentConfig, value: T): ExperimentConfig;
  /** A sensible first comparison, as the Compare panel's values are typed. */
  defaults: string;
  /** What the Compare panel's values may be, under the field. */
  hint: string;
  /** Optional: why `base` has nothing this setting would change (every value would train the same network); null when it has. */
  unavailable?(base: ExperimentConfig): string | null;
}

export type VariedField<T> = Field<T> & { vary: VaryBinding<T> };

/** `text` read and checked against the field's piece of the schema. */
export function parseField<T>(field: Field<T>, text: string): Read<T> {
  const r = field.read(text);
  return r.ok && field.schema ? viaSchema(field.schema, r.value) : r;
}

/** A field's link binding with its value type closed over, so fields of different types share one list. */
export interface LinkParam {
  key: string;
  path: string;
  /** Null when the setting is left out of the link. */
  write(settings: LinkSettings): string | null;
  /** Reads `text` into `settings` (modified in place); the reason when it cannot. */
  read(text: string, settings: LinkSettings): string | null;
  /** Puts `defaults`' value back into `settings` (modified in place). */
  reset(settings: LinkSettings, defaults: LinkSettings): void;
}

export function linkParam<T>(field: Field<T>, link: LinkBinding<T>): LinkParam {
  return {
    key: link.key,
    path: link.path,
    write: (settings) => (link.written && !link.written(settings) ? null : field.format(link.get(settings))),
    read: (text, settings) => {
      const parsed = parseField(field, text);
      if (!parsed.ok) return linkReason(field.label, parsed.error);
      link.set(settings, parsed.value);
      return null;
    },
    reset: (settings, defaults) => link.set(settings, link.get(defaults)),
  };
}
