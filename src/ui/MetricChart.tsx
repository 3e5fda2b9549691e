import { useMemo } from 'react';
import { CartesianGrid, Legend, LineChart, ReferenceDot, ReferenceLine, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { formatLearningRate } from '../format';
import { ChartLegend, useLegendEntries } from './ChartLegend';
import { CHART_COLORS } from './chartColors';
import { formatTick, type ChartLine, type ChartMark } from './chartLine';
import { ChartPngButton } from './ChartPngButton';
import { SeriesLayer } from './SeriesLayer';

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
  const yTicksKey = yTicks.join();
  const legend = useLegendEntries(lines);
  // Axes, grid and legend change seldom while a run trains; the same elements let React skip
  // re-rendering them (recharts' axes and grid cost more than the curves) at every delivery of steps.
  const frame = useMemo(
    () => (
      <>
        <CartesianGrid stroke={CHART_COLORS.grid} strokeDasharray="3 3" />
        <XAxis
          dataKey="x"
          type="number"
          domain={[0, xMax > 0 ? xMax : 1]}
          allowDataOverflow
          allowDecimals={!integerX}
          tickFormatter={formatTick}
          label={{ value: xLabel, position: 'insideBottom', offset: -12 }}
        />
        <YAxis
          type="number"
          domain={[0, yTop]}
          ticks={yTicksKey.split(',').map(Number)}
          allowDataOverflow
          tickFormatter={formatTick}
          width={large ? 88 : 56}
          label={{ value: yLabel, angle: -90, position: 'insideLeft' }}
        />
        <Legend verticalAlign="top" wrapperStyle={{ paddingBottom: 8 }} content={<ChartLegend entries={legend} />} />
      </>
    ),
    [xMax, integerX, xLabel, yLabel, yTop, yTicksKey, large, legend],
  );
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
            {lines
              .filter((l) => l.diverged && l.points.length > 0)
              .map((l) => {
                const last = l.points[l.points.length - 1]!;
                return (
                  <ReferenceDot
                    key={`${l.id}-diverged`}
                    x={last.x}
                    y={Number.isFinite(last.smooth) ? Math.min(last.smooth, yTop) : yTop}
                    r={6}
                    fill="#fff"
                    stroke={l.color}
                    strokeWidth={3}
                    ifOverflow="visible"
                    label={{ value: '✕ diverged', position: 'top', fontSize: 12, fill: '#1a1a1a' }}
                  />
                );
              })}
            {marks.map((m) => (
              <ReferenceLine
                key={`${m.x}-${m.learningRate}`}
                x={m.x}
                stroke={CHART_COLORS.marker}
                strokeDasharray="4 4"
                label={{ value: `lr ${formatLearningRate(m.learningRate)}`, position: 'insideTopRight', fontSize: 12 }}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      {lines.length > 1 ? <p className="chart-note">Lines: training loss or accuracy, smoothed. Dots: validation at the end of each epoch.</p> : null}
    </figure>
  );
}
