import { memo, useMemo } from 'react';
import { DATASET_SPECS } from '../../data/datasets';
import { SelectField } from '../SelectField';
import { selectData, selectModels, selectPredictionRunId, selectRuns } from '../../store/selectors';
import { useApp } from '../StoreContext';
import { ConfusionMatrix } from './ConfusionMatrix';
import { DigitViewer } from './DigitViewer';
import { DrawingPad } from './DrawingPad';
import { PredictionGrid } from './PredictionGrid';
import '../sectionViews.css';
import './predictions.css';

// Memoised: the section re-renders at every delivery of steps (it lists runs); its views only when their props change.
const MemoDigitViewer = memo(DigitViewer);
const MemoPredictionGrid = memo(PredictionGrid);
const MemoConfusionMatrix = memo(ConfusionMatrix);
const MemoDrawingPad = memo(DrawingPad);
/**
 * "Data and predictions": test images as pictures and numbers, and what a trained run makes of
 * them (a page of predictions, a confusion matrix, a drawing pad). The run is any that ended with
 * its model kept in the worker (runs trained since the page opened; the most recent few).
 */
export function PredictionsSection() {
  const runs = useApp(selectRuns);
  const models = useApp(selectModels);
  const chosenId = useApp(selectPredictionRunId);
  const choose = useApp((s) => s.selectPredictionRun);
  const data = useApp(selectData);
  const withModel = useMemo(() => runs.filter((r) => r.id in models), [runs, models]);
  const run = withModel.find((r) => r.id === chosenId) ?? withModel.at(-1) ?? null;
  // With a run, the data it trained on; without, the data loaded now.
  const dataset = (run ? models[run.id] : undefined) ?? (data.status === 'ready' ? data.dataset : null);
  const testCount = dataset ? DATASET_SPECS[dataset].files.testImages.count : 0;

  return (
    <section className="predictions views-section panel" aria-labelledby="predictions-heading" data-testid="predictions">
      <h2 id="predictions-heading">Data and predictions</h2>
      <p className="view-caption">
        Look at the test images the way the network does, then at what a trained run makes of them: which it gets right, which classes it confuses, and what it
        says about a drawing of your own.
      </p>
      {withModel.length > 0 && run ? (
        <SelectField
          label="Predict with run"
          value={run.id}
          options={withModel.map((r) => ({ value: r.id, label: `${r.name} (${DATASET_SPECS[models[r.id] ?? 'mnist'].title})` }))}
          onChange={choose}
        />
      ) : (
        <p className="note" data-testid="predictions-no-run">
          Train a run (or stop one) to see its predictions here. Only runs trained since this page was opened can predict: a network&apos;s weights are not kept
          after a reload.
        </p>
      )}
      {dataset ? (
        <>
          <MemoDigitViewer dataset={dataset} testCount={testCount} runId={run?.id ?? null} />
          {run ? (
            <>
              <MemoPredictionGrid dataset={dataset} testCount={testCount} runId={run.id} runName={run.name} />
              <MemoConfusionMatrix dataset={dataset} testCount={testCount} runId={run.id} runName={run.name} />
              <MemoDrawingPad dataset={dataset} runId={run.id} runName={run.name} />
            </>
          ) : null}
        </>
      ) : (
        <p className="muted">The test images appear once the data has loaded.</p>
      )}
    </section>
  );
}
