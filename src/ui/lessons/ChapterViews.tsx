import { useMemo } from 'react';
import type { Chapter } from '../../runs/lessons/chapters';
import { selectLessonRuns } from '../../store/selectors';
import { ComparisonTable } from '../ComparisonTable';
import { InputMismatchNotes } from '../InputMismatchNotes';
import { InsideBatchNormSection } from '../inside/InsideBatchNormSection';
import { ResultsTable } from '../ResultsTable';
import { useApp } from '../StoreContext';
import { TrainingCharts } from '../TrainingCharts';
import { LandscapeView } from './LandscapeView';
import { WorkedExample } from './WorkedExample';

/**
 * The views `chapter` lists, in its order. The charts show only visible runs, and running a
 * chapter hides the others, so they show the chapter's runs; the results table is limited to them.
 */
export function ChapterViews({ number, chapter }: { number: number; chapter: Chapter }) {
  const lessonRuns = useApp(selectLessonRuns);
  const ids = lessonRuns[number];
  const own = useMemo(() => new Set(ids ?? []), [ids]);
  return (
    <div className="chapter-views">
      {chapter.views.map((view) => {
        switch (view) {
          case 'workedExample':
            return <WorkedExample key={view} runIds={own} config={chapter.experiment.preset.base} />;
          case 'charts':
            return <TrainingCharts key={view} />;
          case 'results':
            return <ResultsTable key={view} only={own} />;
          case 'comparison':
            return <ComparisonTable key={view} />;
          case 'inside':
            return <InsideBatchNormSection key={view} />;
          case 'scalingNote':
            return <InputMismatchNotes key={view} />;
          case 'landscape':
            return <LandscapeView key={view} runIds={own} />;
          default: {
            const unknown: never = view;
            throw new Error(`unknown view ${String(unknown)}`);
          }
        }
      })}
    </div>
  );
}
