import { useCallback } from 'react';
import { useApp } from '../StoreContext';

/**
 * Runs the open chapter's experiment (see `runChapter`) and, when it starts, brings its views into
 * sight, so a class watches the curves grow; instantly when the system asks for reduced motion.
 * Returns why it could not start, or null.
 */
export function useRunChapter(): () => string | null {
  const runChapter = useApp((s) => s.runChapter);
  return useCallback(() => {
    const problem = runChapter();
    if (problem === null) {
      const smooth = !matchMedia('(prefers-reduced-motion: reduce)').matches;
      document.querySelector('.lesson-views')?.scrollIntoView({ block: 'start', behavior: smooth ? 'smooth' : 'auto' });
    }
    return problem;
  }, [runChapter]);
}
