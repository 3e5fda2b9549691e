import { useEffect, useRef } from 'react';
import { CHAPTERS, type Chapter } from '../../runs/lessons/chapters';
import { useApp } from '../StoreContext';
import { ChapterExperimentBar } from './ChapterExperimentBar';
import { ChapterQuestion } from './ChapterQuestion';

interface ChapterCardProps {
  /** 1-based. */
  number: number;
  chapter: Chapter;
  revealed: boolean;
}

/**
 * One chapter as a card: its text, its experiment, its question and answer, and the way on. Mounted
 * afresh for each chapter (keyed by number), it takes the focus, so a screen reader starts reading
 * the new chapter and the keyboard is in it.
 */
export function ChapterCard({ number, chapter, revealed }: ChapterCardProps) {
  const openLesson = useApp((s) => s.openLesson);
  const closeLesson = useApp((s) => s.closeLesson);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const last = number === CHAPTERS.length;
  return (
    <article className="chapter-card panel" aria-labelledby="chapter-title" data-testid="chapter-card" data-chapter={chapter.id}>
      <p className="chapter-kicker">
        Chapter {number} of {CHAPTERS.length}
      </p>
      <h2 id="chapter-title" tabIndex={-1} ref={heading}>
        {chapter.title}
      </h2>
      {chapter.paragraphs.map((p) => (
        <p key={p}>{p}</p>
      ))}
      <ChapterExperimentBar number={number} chapter={chapter} />
      <ChapterQuestion chapter={chapter} revealed={revealed} />
      <div className="chapter-nav">
        <button type="button" disabled={number === 1} onClick={() => openLesson(number - 1)}>
          ← Previous
        </button>
        <button type="button" className={last ? undefined : 'primary'} disabled={last} onClick={() => openLesson(number + 1)}>
          Next →
        </button>
        <button type="button" className="secondary" onClick={closeLesson}>
          Explore freely from here
        </button>
      </div>
      <p className="field-hint chapter-keys">In presenter mode: ← and → move between chapters, Space runs the experiment, A shows the answer.</p>
    </article>
  );
}
