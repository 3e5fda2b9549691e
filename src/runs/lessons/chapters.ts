import type { Chapter } from './chapter';
import { chapter1 } from './chapter1';
import { chapter2 } from './chapter2';
import { chapter3 } from './chapter3';
import { chapter4 } from './chapter4';
import { chapter5 } from './chapter5';
import { chapter6 } from './chapter6';
import { chapter7 } from './chapter7';

export type { Chapter, ChapterExperiment, LessonView } from './chapter';
export { chapterPlan, chapterPlanFor, chapterRunCount, chapterTrainLimit } from './chapter';

/** The lesson, in order: `lesson=N` in a link opens chapter N (1-based). */
export const CHAPTERS: readonly Chapter[] = [chapter1, chapter2, chapter3, chapter4, chapter5, chapter6, chapter7];

/** Chapter `n` (1-based), or undefined. */
export const chapterAt = (n: number): Chapter | undefined => (Number.isInteger(n) ? CHAPTERS[n - 1] : undefined);
