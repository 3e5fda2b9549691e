import { formatValue, INSIDE_COLORS } from './insideFormat';
import { InsideFigure, stepAxis, valueTicks } from './insideFigure';
import { InsidePlot } from './InsidePlot';
import type { PlotMark } from './plotTypes';
import type { StatsPoint } from './probeViews';

interface BatchStatsChartProps {
  id: string;
  title: string;
  points: StatsPoint[];
  /** Which statistic: the mean or the variance of the unit's input to BatchNorm. */
  stat: 'mean' | 'variance';
  large: boolean;
  /** Also draw what inference mode feeds BatchNorm (for runs with dropout before it, where it differs). */
  showInference?: boolean;
}

const step = (p: StatsPoint) => p.step;

/** One BatchNorm statistic of one unit over training: the probe batch's own (dots) against the moving average (line). */
export function BatchStatsChart({ id, title, points, stat, large, showInference = false }: BatchStatsChartProps) {
  const mean = stat === 'mean';
  const marks: PlotMark<StatsPoint>[] = [
    {
      kind: 'line',
      key: mean ? 'batchMean' : 'batchVariance',
      name: `Batch ${stat} (training mode)`,
      color: INSIDE_COLORS.unit,
      y: (p) => (mean ? p.batchMean : p.batchVariance),
      width: 1,
      dash: '2 4',
      dots: true,
    },
    {
      kind: 'line',
      key: mean ? 'movingMean' : 'movingVariance',
      name: `Moving ${stat} (inference mode)`,
      color: INSIDE_COLORS.layer,
      y: (p) => (mean ? p.movingMean : p.movingVariance),
      width: 2.5,
    },
  ];
  if (showInference) {
    marks.push({
      kind: 'line',
      key: mean ? 'inferMean' : 'inferVariance',
      name: `Input ${stat} in inference (dropout off)`,
      color: INSIDE_COLORS.other,
      y: (p) => (mean ? p.inferMean : p.inferVariance),
      width: 2,
      dash: '8 4',
    });
  }
  // A variance axis starts at 0.
  const ticks = valueTicks(
    points.flatMap((p) => marks.map((m) => (m.kind === 'line' ? m.y(p) : Number.NaN))),
    mean ? [] : [0],
  );
  return (
    <InsideFigure id={id} title={title} points={points.length} small>
      <InsidePlot title={title} rows={points} x={step} xAxis={stepAxis(points)} left={{ ticks, format: formatValue }} marks={marks} large={large} />
    </InsideFigure>
  );
}
