import { CHAPTERS } from '../../runs/lessons/chapters';
import { selectLessonRuns } from '../../store/selectors';
import { useApp } from '../StoreContext';

/**
 * Where the class is: every chapter as a step, the current one marked (`aria-current="step"`), the
 * ones whose experiment ran ticked; each is a button that opens it.
 */
export function LessonProgress({ current }: { current: number }) {
  const openLesson = useApp((s) => s.openLesson);
  const ran = useApp(selectLessonRuns);
  return (
    <nav className="lesson-progress" aria-label="Lesson progress">
      <p className="visually-hidden" data-testid="lesson-progress">
        Chapter {current} of {CHAPTERS.length}
      </p>
      <ol>
        {CHAPTERS.map((c, i) => {
          const n = i + 1;
          const done = (ran[n]?.length ?? 0) > 0;
          return (
            <li key={c.id} className={n === current ? 'current' : n < current ? 'past' : undefined}>
              <button type="button" aria-current={n === current ? 'step' : undefined} onClick={() => openLesson(n)}>
                <span className="lesson-step-number" aria-hidden="true">
                  {done ? '✓' : n}
                </span>
                <span className="lesson-step-title">
                  {c.title}
                  {done ? <span className="visually-hidden"> (experiment run)</span> : null}
                </span>
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
