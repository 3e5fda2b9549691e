import { useEffect } from 'react';
import { withLesson } from '../../share/lessonLink';
import { selectLesson } from '../../store/selectors';
import { useApp } from '../StoreContext';

/**
 * The header's way into the lessons: opens chapter 1; and keeps
 * the address in step with the chapter shown (`lesson=N`), so a reload, a bookmark or a link
 * handed to a class opens the same chapter.
 */
export function LessonsButton() {
  const lesson = useApp(selectLesson);
  const openLesson = useApp((s) => s.openLesson);
  const chapter = lesson?.chapter ?? null;
  useEffect(() => {
    const url = new URL(location.href);
    const search = withLesson(url.search, chapter);
    if (search === url.search.replace(/^\?/, '')) return;
    url.search = search;
    history.replaceState(history.state, '', url.href);
  }, [chapter]);
  // In a lesson the card's "Explore freely from here" leads back, and the header stays one row on a projector.
  if (lesson) return null;
  return (
    <button type="button" className="primary" onClick={() => openLesson(1)}>
      Lessons
    </button>
  );
}
