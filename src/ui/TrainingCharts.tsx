import { useMemo } from 'react';
import type { EpochPoint } from '../engine/train';
import type { StepSeries } from '../store/stepSeries';
import { thinSeries } from '../store/thin';
import { MetricChart } from './MetricChart';
import { selectRun } from './selectors';
import { useApp } from './StoreContext';

interface MetricSpec {
  id: string;
  title: string;
  yLabel: string;
  raw: (s: StepSeries) => Float32Array;
  smooth: (s: StepSeries) => Float32Array;
  epoch: (e: EpochPoint) => number;
  yDomain: [number | 'auto', number | 'auto'];
}

const METRICS: MetricSpec[] = [
  { id: 'loss-chart', title: 'Loss (cross-entropy)', yLabel: 'Loss', raw: (s) => s.loss, smooth: (s) => s.lossSmooth, epoch: (e) => e.loss, yDomain: [0, 'auto'] },
  { id: 'accuracy-chart', title: 'Accuracy', yLabel: 'Accuracy', raw: (s) => s.accuracy, smooth: (s) => s.accuracySmooth, epoch: (e) => e.accuracy, yDomain: [0, 1] },
];

/** Live loss and accuracy of the current run, drawn from a thinned view of its steps. */
export function TrainingCharts() {
  const run = useApp(selectRun);
  const series = run?.series;
  const epochs = run?.epochs;
  const charts = useMemo(
    () =>
      METRICS.map((m) => ({
        spec: m,
        points: series ? thinSeries(m.raw(series), m.smooth(series), series.length) : [],
        validation: (epochs ?? []).map((e) => ({ step: e.step, value: m.epoch(e) })),
      })),
    [series, epochs],
  );
  return (
    <section className="charts" aria-label="Training charts">
      {charts.map(({ spec, points, validation }) => (
        <MetricChart
          key={spec.id}
          id={spec.id}
          title={spec.title}
          yLabel={spec.yLabel}
          points={points}
          validation={validation}
          marks={run?.learningRateMarks ?? []}
          totalSteps={run?.totalSteps ?? 0}
          yDomain={spec.yDomain}
        />
      ))}
    </section>
  );
}
