import { defaultExperiment, type ExperimentConfig } from '../engine/config';
import { parseExperiment } from '../engine/schema';
import type { LinkParam } from '../runs/settings/field';
import { defaultSettings, toConfig, toSettings, type LinkSettings } from '../runs/settings/linkSettings';
import { LINK_PARAMS } from '../runs/settings/settingsTable';
import type { Messages } from './linkMessages';

/** The experiment's part of a link: one key per row of the settings table that has a link binding. */

export const SETTING_KEYS: readonly string[] = LINK_PARAMS.map((p) => p.key);

/** The experiment's pairs, in table order. */
export function writeConfig(config: ExperimentConfig): [string, string][] {
  const settings = toSettings(config);
  return LINK_PARAMS.flatMap((p) => {
    const value = p.write(settings);
    return value === null ? [] : [[p.key, value] as [string, string]];
  });
}

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
function culprit(path: string, message: string, given: ReadonlyMap<string, string>): { param: LinkParam; reason: string } | undefined {
  // Several keys may own a path (`net` and `layers` both set the layers): the one the link gave.
  const owners = LINK_PARAMS.filter((p) => path === p.path || path.startsWith(`${p.path}.`));
  const owner = owners.find((p) => given.has(p.key)) ?? owners[0];
  const keys = [...(owner ? [owner.key] : []), ...(ALSO_TO_BLAME[path] ?? [])];
  const param = LINK_PARAMS.find((p) => p.key === keys.find((k) => given.has(k)));
  if (!param) return undefined;
  return { param, reason: param === owner ? message : `with it, ${message.charAt(0).toLowerCase()}${message.slice(1)}` };
}

/** Each setting the link gives read into `settings` (modified); returns the keys read, with their text. */
function readSettings(pairs: ReadonlyMap<string, string>, settings: LinkSettings, messages: Messages): Map<string, string> {
  const given = new Map<string, string>();
  for (const p of LINK_PARAMS) {
    const text = pairs.get(p.key);
    if (text === undefined) continue;
    const reason = p.read(text, settings);
    if (reason === null) given.set(p.key, text);
    else messages.ignored(p.key, text, reason);
  }
  return given;
}

/**
 * Reads the experiment settings into a default config, then resolves whatever the schema still
 * refuses (cross-field limits against `trainImages`) by putting the offending settings back to
 * their defaults, one at a time, each with a message. Falls back to the whole default config,
 * which passes the schema unless `trainImages` is too few for the defaults themselves.
 */
export function readConfig(pairs: ReadonlyMap<string, string>, trainImages: number, messages: Messages): ExperimentConfig {
  const settings = defaultSettings();
  const given = readSettings(pairs, settings, messages);
  for (let round = 0; round <= LINK_PARAMS.length; round++) {
    const r = parseExperiment(toConfig(settings), trainImages);
    if (r.ok) return r.config;
    const blame = Object.entries(r.errors)
      .map(([path, message]) => culprit(path, message, given))
      .find((b) => b !== undefined);
    if (!blame) break;
    messages.ignored(blame.param.key, given.get(blame.param.key)!, blame.reason);
    blame.param.reset(settings, defaultSettings());
    given.delete(blame.param.key);
  }
  // Only reached when even the defaults do not fit `trainImages`: nothing the link said can fix that.
  const r = parseExperiment(toConfig(settings), trainImages);
  const why = r.ok ? '' : (Object.values(r.errors)[0] ?? '');
  if (given.size) messages.add(`Ignored the link's ${[...given.keys()].join(', ')}: even with the defaults, ${why}`);
  return defaultExperiment();
}
