import { chapterAt } from '../../runs/lessons/chapters';
import { selectLesson } from '../../store/selectors';
import { Notices } from '../Notices';
import { StatusLine } from '../StatusLine';
import { useApp } from '../StoreContext';
import { ChapterCard } from './ChapterCard';
import { ChapterViews } from './ChapterViews';
import { ClassBoard } from './ClassBoard';
import { LessonProgress } from './LessonProgress';
import { useLessonKeys } from './useLessonKeys';
import './lessons.css';

/**
 * The lesson in place of the playground: where the class is, the chapter's card (text, experiment,
 * question), the views that matter for it, and the class board. Every chapter is drawn the same
 * way from its data (src/runs/lessons/).
 */
export function LessonPage() {
  const lesson = useApp(selectLesson);
  useLessonKeys();
  const chapter = lesson ? chapterAt(lesson.chapter) : undefined;
  if (!lesson || !chapter) return null;
  return (
    <main className="lesson" data-testid="lesson">
      <LessonProgress current={lesson.chapter} />
      <div className="lesson-body">
        <ChapterCard key={lesson.chapter} number={lesson.chapter} chapter={chapter} revealed={lesson.revealed} />
        <div className="lesson-views">
          <div className="lesson-status">
            <StatusLine />
          </div>
          <Notices />
          <ChapterViews number={lesson.chapter} chapter={chapter} />
        </div>
      </div>
      <ClassBoard />
    </main>
  );
}
