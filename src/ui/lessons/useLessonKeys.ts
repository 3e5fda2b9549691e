import { useEffect } from 'react';
import { CHAPTERS } from '../../runs/lessons/chapters';
import { selectBusy, selectLesson, selectPresenter } from '../../store/selectors';
import { useApp } from '../StoreContext';
import { SPACE_TAKEN, TEXT_ENTRY } from '../useShortcuts';
import { useRunChapter } from './useRunChapter';

/** Keys of the lesson, as the shortcuts dialog lists them while a lesson is open. */
export const LESSON_SHORTCUTS: readonly { keys: string; does: string }[] = [
  { keys: '→ or Page Down', does: 'Next chapter (presenter mode)' },
  { keys: '← or Page Up', does: 'Previous chapter (presenter mode)' },
  { keys: 'Space', does: 'Run the chapter’s experiment (while nothing trains)' },
  { keys: 'A', does: 'Show or hide the answer' },
];

/** Where the arrow keys already mean something (a field, a select, a chart one reads with them): not a chapter turn there. */
const ARROWS_TAKEN = `${TEXT_ENTRY}, [tabindex]:not([tabindex="-1"]), [role="slider"], [role="tab"], [role="radio"], [role="option"], input[type="range"], input[type="radio"]`;

type Action = 'next' | 'previous' | 'run' | 'answer';

/** The lesson action a key press asks for, or null; never with a modifier, a held key's repeat or while composing. */
export function lessonKeyFor(
  e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'repeat' | 'isComposing' | 'target'>,
  presenter: boolean,
): Action | null {
  if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return null;
  const target = e.target instanceof Element ? e.target : null;
  if (e.key === ' ') return e.repeat || target?.closest(SPACE_TAKEN) ? null : 'run';
  if (e.repeat && (e.key === 'a' || e.key === 'A')) return null;
  if (target?.closest(TEXT_ENTRY)) return null;
  if (e.key === 'a' || e.key === 'A') return 'answer';
  if (!presenter || target?.closest(ARROWS_TAKEN)) return null;
  if (e.key === 'ArrowRight' || e.key === 'PageDown') return 'next';
  if (e.key === 'ArrowLeft' || e.key === 'PageUp') return 'previous';
  return null;
}

/**
 * The presenter's keys while a lesson is open: arrows (and a clicker's Page Up/Down) turn
 * chapters in presenter mode, Space runs the chapter's experiment when nothing trains (while runs
 * train, Space keeps pausing and resuming them, see `useShortcuts`), A shows or hides the answer.
 * A failed Run says why in a notice. Nothing while a dialog is open.
 */
export function useLessonKeys(): void {
  const lesson = useApp(selectLesson);
  const presenter = useApp(selectPresenter);
  const busy = useApp(selectBusy);
  const openLesson = useApp((s) => s.openLesson);
  const toggleAnswer = useApp((s) => s.toggleAnswer);
  const runChapter = useRunChapter();
  const notify = useApp((s) => s.notify);
  useEffect(() => {
    if (!lesson) return;
    const onKeyDown = (e: KeyboardEvent) => {
      const action = lessonKeyFor(e, presenter);
      if (action === null || document.querySelector('dialog[open]')) return;
      if (action === 'run' && busy) return;
      if (action === 'next' && lesson.chapter >= CHAPTERS.length) return;
      if (action === 'previous' && lesson.chapter <= 1) return;
      e.preventDefault();
      if (action === 'next') openLesson(lesson.chapter + 1);
      else if (action === 'previous') openLesson(lesson.chapter - 1);
      else if (action === 'answer') toggleAnswer();
      else {
        const problem = runChapter();
        if (problem) notify('warning', problem);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [lesson, presenter, busy, openLesson, toggleAnswer, runChapter, notify]);
}
