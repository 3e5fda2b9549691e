import { CHAPTERS } from '../runs/lessons/chapters';
import type { Messages } from './linkMessages';

/**
 * `lesson=N` in a link opens chapter N of the lesson (1-based; src/runs/lessons/chapters.ts). A
 * number outside the lesson is reported, and the playground opens as usual.
 */
export function readLesson(pairs: ReadonlyMap<string, string>, messages: Messages): number | null {
  const text = pairs.get('lesson');
  if (text === undefined) return null;
  const n = /^\d{1,3}$/.test(text) ? Number(text) : Number.NaN;
  if (n >= 1 && n <= CHAPTERS.length) return n;
  messages.ignored('lesson', text, `the lesson has chapters 1 to ${CHAPTERS.length}`);
  return null;
}

/**
 * The page's own search with the lesson at chapter `chapter` (null: no lesson), everything else
 * left as it was: `lesson=N` written first, or every `lesson` removed. Without a leading `?`.
 */
export function withLesson(search: string, chapter: number | null): string {
  const text = search.startsWith('?') ? search.slice(1) : search;
  const kept = text.split('&').filter((piece) => piece !== '' && piece.split('=')[0] !== 'lesson');
  return [...(chapter !== null ? [`lesson=${chapter}`] : []), ...kept].join('&');
}
