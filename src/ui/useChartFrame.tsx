import { useMemo } from 'react';
import { CartesianGrid, Legend, XAxis, YAxis } from 'recharts';
import { ChartLegend, type LegendEntry } from './ChartLegend';
import { CHART_COLORS } from './chartColors';
import { formatTick } from './chartLine';
import { xTicks } from './seriesGeometry';

interface ChartFrameOptions {
  xMax: number;
  integerX: boolean;
  xLabel: string;
  yLabel: string;
  /** Y tick values from 0: the axis ends at the last. */
  yTicks: number[];
  /** Room for larger tick labels (presenter mode). */
  large: boolean;
  legend: LegendEntry[];
}

/**
 * A metric chart's grid, axes and legend, as elements that stay the same while their options do.
 * Axes, grid and legend change seldom while a run trains; the same elements let React skip
 * re-rendering them (recharts' axes and grid cost more than the curves) at every delivery of steps.
 * `interval={0}` draws every tick the scale gives: without it recharts measures each label in the
 * page to drop overlapping ones, a forced layout per new label (issue 16: frames of 100 ms and more).
 * So the x ticks are ours: at most 5 round values within the domain (0, 1k, 2k, 3k rather than
 * recharts' 0, 950, 1.9k, 2.85k, 3.75k, which overlapped in presenter mode in a third of the page).
 */
export function useChartFrame({ xMax, integerX, xLabel, yLabel, yTicks, large, legend }: ChartFrameOptions) {
  const yTop = yTicks[yTicks.length - 1] ?? 1;
  const yTicksKey = yTicks.join();
  return useMemo(
    () => (
      <>
        <CartesianGrid stroke={CHART_COLORS.grid} strokeDasharray="3 3" />
        <XAxis
          dataKey="x"
          type="number"
          domain={[0, xMax > 0 ? xMax : 1]}
          ticks={xTicks(xMax, integerX)}
          allowDataOverflow
          allowDecimals={!integerX}
          interval={0}
          tickFormatter={formatTick}
          label={{ value: xLabel, position: 'insideBottom', offset: -12 }}
        />
        <YAxis
          type="number"
          domain={[0, yTop]}
          ticks={yTicksKey.split(',').map(Number)}
          interval={0}
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
}
