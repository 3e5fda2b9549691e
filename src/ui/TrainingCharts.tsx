import { useMemo } from 'react';
import type { EpochPoint } from '../engine/train';
import { runColor, runDash } from '../runs/runPalette';
import type { RunRecord } from '../runs/runRecord';
import { X_AXES, X_AXIS_LABELS, xForStep, type XAxis } from '../runs/xAxis';
import type { StepSeries } from '../runs/stepSeries';
import { thinSeries } from '../runs/thin';
import type { ChartLine } from './chartLine';
import { MetricChart } from './MetricChart';
import { niceTicks } from './seriesGeometry';
import { SelectField } from './SelectField';
import { selectPresenter, selectRuns, selectXAxis } from '../store/selectors';
import { useApp } from './StoreContext';

interface MetricSpec {
  id: string;
  title: string;
  yLabel: string;
  raw: (s: StepSeries) => Float32Array;
  smooth: (s: StepSeries) => Float32Array;
  epoch: (e: EpochPoint) => number;
  /** A fixed top for the y axis (accuracy: 1), or null to fit the curves (loss). */
  yTop: number | null;
}

const METRICS: MetricSpec[] = [
  { id: 'loss-chart', title: 'Loss (cross-entropy)', yLabel: 'Loss', raw: (s) => s.loss, smooth: (s) => s.lossSmooth, epoch: (e) => e.loss, yTop: null },
  { id: 'accuracy-chart', title: 'Accuracy', yLabel: 'Accuracy', raw: (s) => s.accuracy, smooth: (s) => s.accuracySmooth, epoch: (e) => e.accuracy, yTop: 1 },
];

const AXIS_OPTIONS = X_AXES.map((a) => ({ value: a, label: X_AXIS_LABELS[a] }));

/**
 * Lines already thinned, per run record. Records are replaced, never changed, so a finished run's
 * line is computed once, not again at every delivery of another run's steps.
 */
const lineCache = new WeakMap<RunRecord, Map<string, ChartLine>>();

function lineOf(run: RunRecord, metric: MetricSpec, axis: XAxis, buckets: number): ChartLine {
  const key = `${metric.id}|${axis}|${buckets}`;
  let byKey = lineCache.get(run);
  if (!byKey) {
    byKey = new Map();
    lineCache.set(run, byKey);
  }
  let line = byKey.get(key);
  if (!line) {
    line = computeLine(run, metric, axis, buckets);
    byKey.set(key, line);
  }
  return line;
}

function computeLine(run: RunRecord, metric: MetricSpec, axis: XAxis, buckets: number): ChartLine {
  const s = run.series;
  return {
    id: run.id,
    name: run.name,
    color: runColor(run.colorIndex),
    dash: runDash(run.colorIndex),
    points: thinSeries(metric.raw(s), metric.smooth(s), s.length, buckets).map((p) => ({ x: xForStep(run, axis, p.step), raw: p.raw, smooth: p.smooth })),
    validation: run.epochs.map((e) => ({ x: xForStep(run, axis, e.step), value: metric.epoch(e) })),
    diverged: run.status === 'diverged',
  };
}

/**
 * Y ticks from 0 that hold the curves of the runs that did not diverge, so one exploded run
 * cannot flatten the others: the diverged curves run off the top, their marks clamped to it.
 */
export function fittedTicks(lines: readonly ChartLine[]): number[] {
  const healthy = lines.filter((l) => !l.diverged);
  let max = 0;
  for (const l of healthy.length > 0 ? healthy : lines) {
    for (const p of l.points) max = Math.max(max, Number.isFinite(p.raw) ? p.raw : 0, Number.isFinite(p.smooth) ? p.smooth : 0);
    for (const v of l.validation) max = Math.max(max, Number.isFinite(v.value) ? v.value : 0);
  }
  return niceTicks(max);
}

/** Live loss and accuracy of every visible run, overlaid, against the chosen x axis. */
export function TrainingCharts() {
  const runs = useApp(selectRuns);
  const axis = useApp(selectXAxis);
  const setXAxis = useApp((s) => s.setXAxis);
  const presenter = useApp(selectPresenter);
  const visible = useMemo(() => runs.filter((r) => r.visible && r.status !== 'queued'), [runs]);
  const charts = useMemo(() => {
    // Fewer points per run when many are overlaid: the chart stays a few thousand points in all.
    const buckets = visible.length > 2 ? 150 : 300;
    const xMax = Math.max(0, ...visible.map((r) => xForStep(r, axis, axis === 'seconds' ? r.series.length : Math.max(r.totalSteps, r.series.length))));
    const single = visible.length === 1 ? visible[0]! : null;
    return METRICS.map((m) => {
      const lines = visible.map((r) => lineOf(r, m, axis, buckets));
      return {
        spec: m,
        lines,
        yTicks: m.yTop === null ? fittedTicks(lines) : niceTicks(m.yTop),
        marks: single ? single.learningRateMarks.map((k) => ({ x: xForStep(single, axis, k.step), learningRate: k.learningRate })) : [],
        xMax,
      };
    });
  }, [visible, axis]);
  return (
    <section className="charts" aria-label="Training charts">
      <div className="chart-toolbar">
        <SelectField label="X axis" value={axis} options={AXIS_OPTIONS} onChange={setXAxis} />
      </div>
      {charts.map(({ spec, lines, marks, xMax, yTicks }) => (
        <MetricChart
          key={spec.id}
          id={spec.id}
          title={spec.title}
          yLabel={spec.yLabel}
          xLabel={X_AXIS_LABELS[axis]}
          lines={lines}
          marks={marks}
          xMax={xMax}
          integerX={axis === 'step' || axis === 'samples'}
          yTicks={yTicks}
          large={presenter}
        />
      ))}
    </section>
  );
}
