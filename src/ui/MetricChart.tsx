import { LineChart, ResponsiveContainer } from 'recharts';
import { useLegendEntries } from './ChartLegend';
import type { ChartLine, ChartMark } from './chartLine';
import { divergedDots, learningRateMarks } from './chartMarks';
import { ChartPngButton } from './ChartPngButton';
import { SeriesLayer } from './SeriesLayer';
import { useChartFrame } from './useChartFrame';

interface MetricChartProps {
  id: string;
  title: string;
  yLabel: string;
  xLabel: string;
  lines: ChartLine[];
  marks: ChartMark[];
  xMax: number;
  integerX: boolean;
  /** Y tick values from 0: the axis ends at the last. */
  yTicks: number[];
  /** Thicker lines and room for larger tick labels, for a projector (presenter mode). */
  large?: boolean;
}

/** Lines this much thicker when `large`, to read from the back of a room. */
const LARGE_LINE_SCALE = 1.6;

/**
 * One metric over training. A single run shows its raw per-step values, their smoothed curve and
 * validation per epoch; several runs show each run's smoothed curve and validation points in the
 * run's colour, so the comparison stays readable. recharts lays out the axes, grid, legend and
 * marks; SeriesLayer draws the curves.
 */
export function MetricChart({ id, title, yLabel, xLabel, lines, marks, xMax, integerX, yTicks, large = false }: MetricChartProps) {
  const lineScale = large ? LARGE_LINE_SCALE : 1;
  const yTop = yTicks[yTicks.length - 1] ?? 1;
  const points = lines.reduce((n, l) => n + l.points.length, 0);
  const legend = useLegendEntries(lines);
  const frame = useChartFrame({ xMax, integerX, xLabel, yLabel, yTicks, large, legend });
  return (
    <figure
      className="chart"
      id={id}
      aria-labelledby={`${id}-title`}
      data-points={points}
      data-lines={lines.length}
      data-validation-points={lines.reduce((n, l) => n + l.validation.length, 0)}
    >
      <div className="chart-head">
        <figcaption id={`${id}-title`}>{title}</figcaption>
        <ChartPngButton chartId={id} title={title} disabled={points === 0} />
      </div>
      {points === 0 ? <p className="field-hint">No training yet: press Train and the curves grow here.</p> : null}
      <div className="chart-plot">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart margin={{ top: 8, right: 24, bottom: 24, left: 12 }} accessibilityLayer={false}>
            {frame}
            <SeriesLayer chartId={id} title={title} xLabel={xLabel} xMax={xMax} lines={lines} lineScale={lineScale} />
            {divergedDots(lines, yTop)}
            {learningRateMarks(marks)}
          </LineChart>
        </ResponsiveContainer>
      </div>
      {lines.length > 1 ? <p className="chart-note">Lines: training loss or accuracy, smoothed. Dots: validation at the end of each epoch.</p> : null}
    </figure>
  );
}
