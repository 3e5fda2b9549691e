import { useEffect } from 'react';
import { withLesson } from '../../share/lessonLink';
import { selectLesson } from '../../store/selectors';
import { useApp } from '../StoreContext';

/**
 * The header's way into the lessons: opens chapter 1 (or goes back to the playground), and keeps
 * the address in step with the chapter shown (`lesson=N`), so a reload, a bookmark or a link
 * handed to a class opens the same chapter.
 */
export function LessonsButton() {
  const lesson = useApp(selectLesson);
  const openLesson = useApp((s) => s.openLesson);
  const closeLesson = useApp((s) => s.closeLesson);
  const chapter = lesson?.chapter ?? null;
  useEffect(() => {
    const url = new URL(location.href);
    const search = withLesson(url.search, chapter);
    if (search === url.search.replace(/^\?/, '')) return;
    url.search = search;
    history.replaceState(history.state, '', url.href);
  }, [chapter]);
  return lesson ? (
    <button type="button" onClick={closeLesson}>
      Back to the playground
    </button>
  ) : (
    <button type="button" className="primary" onClick={() => openLesson(1)}>
      Lessons
    </button>
  );
}
