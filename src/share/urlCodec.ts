import { defaultExperiment, type ExperimentConfig } from '../engine/config';
import type { HideableControl } from './hideableControls';
import { COMPARISON_KEYS, readComparison, writeComparison, type SharedComparison } from './linkComparison';
import { readConfig, SETTING_KEYS, writeConfig } from './linkConfig';
import { Messages } from './linkMessages';
import { escapeValue, readPairs } from './linkPairs';
import { readLesson } from './lessonLink';
import { readHidden, readPreset, readPresenter, VIEW_KEYS, writeView } from './linkView';

export { MAX_MESSAGE_LENGTH } from './linkMessages';

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
 * | `lesson` | a lesson's chapter (1 to 7)     | `lesson=3`              | no lesson       |
 *
 * `layers`: one token per hidden layer, `none` for no hidden layer. A token is the width plus
 * `bn` (BatchNorm before the activation), `bna` (after it), nothing (no BatchNorm) or `a` (no
 * BatchNorm, but the form remembers "after" for when it is switched back on), or `ln` / `lna`
 * (LayerNorm before / after the activation), then optionally `_d` and a dropout rate after the
 * layer (`128bn_d0.5`). `values` for
 * `vary=batchNorm` are `on` and `off`.
 *
 * `net`: a layer list the MLP form cannot show, a convnet among them (written instead of `layers`,
 * `inbn`, `act`, `bnmom` and `bneps`), one token per layer as its kind's module writes it (`d128`,
 * `bn`, `bn_m0.9`, `ln`, `gn4`, `relu`, `drop0.5`, `flat`, `maxpool2`, `avgpool2`, `gap`, and
 * Conv2D's filters × kernel with `_s2` for stride 2 and `_same` for same padding: `conv6x5`,
 * `conv32x3_same`, `conv16x3_s2_same`). The page opens a convnet in its convnet form, e.g. d2l's
 * LeNet: `net=conv6x5,bn,sigmoid,avgpool2,conv16x5,bn,sigmoid,avgpool2,flat,d120,bn,sigmoid,d84,bn,sigmoid,d10`.
 *
 * `hide` and `present` say how the page looks, not what it trains: `hide` lists names from
 * HIDEABLE_CONTROLS (src/share/hideableControls.ts) for a guided exercise; an unknown name is
 * reported and the others still hidden. Both are written only when set.
 *
 * The experiment's keys (`layers` … `evalscale`) are the rows of the settings table
 * (src/runs/settings/settingsTable.ts), which also serves the comparison's `values` and the Compare
 * panel; linkConfig.ts, linkComparison.ts and linkView.ts read and write the three parts of a link.
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
  comparison: SharedComparison | null;
  /** A preset id, if the link names one (an opaque string matched against [a-z0-9-]{1,40}; the caller checks it exists). */
  preset: string | null;
  /** Controls the page hides, in HIDEABLE_CONTROLS order without repeats; empty: all shown. */
  hidden: HideableControl[];
  /** Opens in presenter mode (large type, high contrast, fewer controls). */
  presenter: boolean;
  /** Optional: opens the lesson at this chapter (1-based; see lessonLink.ts). Not written by `encodeShare`. */
  lesson?: number;
}

/** Longer searches are not read at all: no real link comes near this. */
export const MAX_SEARCH_LENGTH = 4_000;

/** Every key a link may have: the experiment's (the settings table's), the comparison's and the view's. */
const KNOWN_KEYS: ReadonlySet<string> = new Set([...SETTING_KEYS, ...COMPARISON_KEYS, ...VIEW_KEYS]);

/** The link's query string, without a leading `?`, keys always in the same order. */
export function encodeShare(shared: SharedExperiment): string {
  const pairs: [string, string][] = [
    ...(shared.preset !== null ? [['preset', shared.preset] as [string, string]] : []),
    ...writeConfig(shared.config),
    ...(shared.comparison ? writeComparison(shared.comparison) : []),
    ...writeView(shared.hidden, shared.presenter),
  ];
  return pairs.map(([k, v]) => `${k}=${escapeValue(v)}`).join('&');
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
    const pairs = readPairs(text, KNOWN_KEYS, messages);
    const preset = readPreset(pairs, messages);
    const config = readConfig(pairs, trainImages, messages);
    const comparison = readComparison(pairs, config, trainImages, messages);
    const hidden = readHidden(pairs, messages);
    const presenter = readPresenter(pairs, messages);
    const lesson = readLesson(pairs, messages);
    return { shared: { config, comparison, preset, hidden, presenter, ...(lesson !== null ? { lesson } : {}) }, ignored: messages.done() };
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
