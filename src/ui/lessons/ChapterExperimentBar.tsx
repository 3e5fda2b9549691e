import { useState } from 'react';
import { chapterRunCount, chapterTrainLimit, type Chapter } from '../../runs/lessons/chapters';
import { isActiveStatus } from '../../runs/runRecord';
import { exportRunsJson } from '../../share/runsFile';
import { selectBusy, selectData, selectLessonTrainLimit, selectRuns } from '../../store/selectors';
import { downloadText } from '../download';
import { NumberField } from '../NumberField';
import { useApp } from '../StoreContext';
import { useRunChapter } from './useRunChapter';

/** What the chapter trains, how many images, Run (or Space) and Stop, and a way to hand the runs to the teacher. */
export function ChapterExperimentBar({ number, chapter }: { number: number; chapter: Chapter }) {
  const busy = useApp(selectBusy);
  const data = useApp(selectData);
  const runs = useApp(selectRuns);
  const limit = useApp(selectLessonTrainLimit);
  const setLimit = useApp((s) => s.setLessonTrainLimit);
  const runChapter = useRunChapter();
  const stopRuns = useApp((s) => s.stopRuns);
  const [message, setMessage] = useState<string | null>(null);
  const count = chapterRunCount(chapter);
  const own = chapterTrainLimit(chapter);
  const finished = runs.filter((r) => r.status !== 'queued' && !isActiveStatus(r.status));
  return (
    <section className="chapter-experiment" aria-labelledby="chapter-experiment-title">
      <h3 id="chapter-experiment-title">Experiment</h3>
      <p>
        {count} {count === 1 ? 'run' : 'runs'}: {chapter.experiment.summary}.
      </p>
      <div className="chapter-experiment-controls">
        <NumberField
          label="Training images per run"
          value={limit}
          onChange={(v) => {
            setLimit(v);
            setMessage(null);
          }}
          placeholder={own === null ? 'all' : String(own)}
          error={message ?? undefined}
          hint="Fewer images finish sooner. It holds for every chapter; empty keeps each chapter’s own number."
        />
        <button type="button" className="primary" disabled={busy || data.status !== 'ready'} onClick={() => setMessage(runChapter())}>
          Run the experiment <kbd aria-hidden="true">Space</kbd>
        </button>
        {busy ? (
          <button type="button" onClick={stopRuns}>
            Stop
          </button>
        ) : null}
        <button
          type="button"
          className="secondary"
          disabled={finished.length === 0}
          onClick={() => downloadText(`batchnorm-lesson-${number}-runs.json`, exportRunsJson(finished), 'application/json')}
        >
          Download my runs
        </button>
      </div>
    </section>
  );
}
