import { echo, readFlag } from '../runs/settings/read';
import { isHideableControl, orderedControls, type HideableControl } from './hideableControls';
import { readKey, type Messages } from './linkMessages';

/** A link's keys that say which preset it names and how the page looks, not what it trains. */

export const VIEW_KEYS = ['preset', 'hide', 'present', 'lesson'] as const;

const PRESET_ID = /^[a-z0-9-]{1,40}$/;

export function readPreset(pairs: ReadonlyMap<string, string>, messages: Messages): string | null {
  const preset = pairs.get('preset');
  if (preset === undefined) return null;
  if (PRESET_ID.test(preset)) return preset;
  messages.ignored('preset', preset, 'Preset must be 1 to 40 lowercase letters, digits or dashes');
  return null;
}

/** `hide`: each known name is hidden, each unknown one reported; empty items (`hide=share,`) are skipped. */
export function readHidden(pairs: ReadonlyMap<string, string>, messages: Messages): HideableControl[] {
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

export const readPresenter = (pairs: ReadonlyMap<string, string>, messages: Messages): boolean =>
  readKey(pairs, messages, 'present', 'Presenter mode', readFlag, false);

/** `hide` and `present`, written only when set. */
export function writeView(hidden: Iterable<HideableControl>, presenter: boolean): [string, string][] {
  const ordered = orderedControls(hidden);
  return [...(ordered.length ? [['hide', ordered.join(',')] as [string, string]] : []), ...(presenter ? [['present', '1'] as [string, string]] : [])];
}
