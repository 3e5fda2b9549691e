import type { Chapter } from '../../runs/lessons/chapters';
import { useApp } from '../StoreContext';

/** The chapter's question, and its answer behind a button (or the A key), announced when shown. */
export function ChapterQuestion({ chapter, revealed }: { chapter: Chapter; revealed: boolean }) {
  const toggleAnswer = useApp((s) => s.toggleAnswer);
  return (
    <section className="chapter-question" aria-labelledby="chapter-question-title">
      <h3 id="chapter-question-title">Question</h3>
      <p>{chapter.question}</p>
      <button type="button" aria-expanded={revealed} aria-controls="chapter-answer" onClick={toggleAnswer}>
        {revealed ? 'Hide the answer' : 'Show the answer'} <kbd aria-hidden="true">A</kbd>
      </button>
      <div id="chapter-answer" className="chapter-answer" aria-live="polite" data-testid="chapter-answer">
        {revealed ? chapter.answer.map((p) => <p key={p}>{p}</p>) : null}
      </div>
    </section>
  );
}
