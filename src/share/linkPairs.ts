import { echo } from '../runs/settings/read';
import type { Messages } from './linkMessages';

/** Longest single value read; the longest real one (8 learning rates) is under 200. */
const MAX_VALUE_LENGTH = 300;

/** Keeps the values `,` and `-` readable; everything our formats write is otherwise unreserved. */
export const escapeValue = (text: string): string => encodeURIComponent(text).replace(/%2C/g, ',');

interface Pair {
  key: string;
  value: string;
}

/** The search's pieces decoded and grouped by key; bad encoding and keys not in `known` are reported and left out. */
function decodePieces(search: string, known: ReadonlySet<string>, messages: Messages): Map<string, Pair[]> {
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
    if (!known.has(key)) {
      messages.ignored(key, value, `there is no setting called "${echo(key)}"`);
      continue;
    }
    seen.set(key, [...(seen.get(key) ?? []), { key, value }]);
  }
  return seen;
}

/** Splits the search into decoded pairs; bad encoding, unknown keys, repeats and long values are reported and left out. */
export function readPairs(search: string, known: ReadonlySet<string>, messages: Messages): Map<string, string> {
  const pairs = new Map<string, string>();
  for (const [key, list] of decodePieces(search, known, messages)) {
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
