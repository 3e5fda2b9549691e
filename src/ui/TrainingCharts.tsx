import { useMemo } from 'react';
import { thinSeries } from '../store/thin';
import { MetricChart } from './MetricChart';
import { selectRun } from './selectors';
import { useApp } from './StoreContext';

/** Live loss and accuracy of the current run, drawn from a thinned view of its steps. */
export function TrainingCharts() {
  const run = useApp(selectRun);
  const series = run?.series;
  const lossPoints = useMemo(() => (series ? thinSeries(series.loss, series.lossSmooth, series.length) : []), [series]);
  const accuracyPoints = useMemo(() => (series ? thinSeries(series.accuracy, series.accuracySmooth, series.length) : []), [series]);
  const epochs = run?.epochs ?? [];
  const totalSteps = run?.totalSteps ?? 0;
  const marks = run?.learningRateMarks ?? [];
  return (
    <section className="charts" aria-label="Training charts">
      <MetricChart
        id="loss-chart"
        title="Loss (cross-entropy)"
        yLabel="Loss"
        points={lossPoints}
        validation={epochs.map((e) => ({ step: e.step, value: e.loss }))}
        marks={marks}
        totalSteps={totalSteps}
        yDomain={[0, 'auto']}
      />
      <MetricChart
        id="accuracy-chart"
        title="Accuracy"
        yLabel="Accuracy"
        points={accuracyPoints}
        validation={epochs.map((e) => ({ step: e.step, value: e.accuracy }))}
        marks={marks}
        totalSteps={totalSteps}
        yDomain={[0, 1]}
      />
    </section>
  );
}
