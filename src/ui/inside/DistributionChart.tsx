import { Area, ComposedChart, Legend, Line, Tooltip, YAxis } from 'recharts';
import { formatValue, INSIDE_COLORS, legendOrder, lineDots } from './insideFormat';
import { InsideFigure, stepAxes } from './insideFigure';
import type { DistributionPoint } from './probeViews';

interface DistributionChartProps {
  id: string;
  title: string;
  points: DistributionPoint[];
  /** 1-based unit number, for the legend. */
  unit: number;
  /** Shared with the chart beside it, so the two can be compared by eye. */
  axis: { domain: [number, number]; ticks: number[] } | null;
  large: boolean;
}

/**
 * One run's inputs to the activation over training (Ioffe & Szegedy 2015, Figure 1): the chosen
 * unit's 15th–85th percentile band and median, and the same percentiles over the whole layer.
 */
export function DistributionChart({ id, title, points, unit, axis, large }: DistributionChartProps) {
  const w = large ? 1.6 : 1;
  return (
    <InsideFigure id={id} title={title} points={points.length} note={points.length === 0 ? <p className="field-hint">No probes of this layer yet.</p> : null}>
      <ComposedChart data={points} margin={{ top: 8, right: 16, bottom: 24, left: 12 }}>
        {stepAxes()}
        <YAxis
          domain={axis?.domain ?? ['auto', 'auto']}
          ticks={axis?.ticks}
          allowDataOverflow
          interval={0}
          tickFormatter={formatValue}
          width={large ? 80 : 56}
          label={{ value: 'Input to activation', angle: -90, position: 'insideLeft', style: { textAnchor: 'middle' } }}
        />
        <Tooltip
          formatter={(v) => (Array.isArray(v) ? v.map((x) => formatValue(Number(x))).join(' to ') : formatValue(Number(v)))}
          labelFormatter={(s) => `Step ${String(s)}`}
        />
        <Legend verticalAlign="top" wrapperStyle={{ paddingBottom: 8 }} itemSorter={legendOrder(['unitMedian', 'unitBand', 'layerMedian', 'layerLow'])} />
        <Area
          dataKey="unitBand"
          name={`Unit ${unit}: 15th–85th percentile`}
          fill={INSIDE_COLORS.unitBand}
          fillOpacity={0.35}
          stroke={INSIDE_COLORS.unitBand}
          strokeWidth={1 * w}
          isAnimationActive={false}
        />
        <Line
          dataKey="unitMedian"
          name={`Unit ${unit}: median`}
          stroke={INSIDE_COLORS.unit}
          strokeWidth={2.5 * w}
          dot={lineDots(points.length, INSIDE_COLORS.unit)}
          isAnimationActive={false}
        />
        <Line dataKey="layerMedian" name="All units: median" stroke={INSIDE_COLORS.layer} strokeWidth={1.5 * w} dot={false} isAnimationActive={false} />
        <Line
          dataKey="layerLow"
          name="All units: 15th and 85th"
          stroke={INSIDE_COLORS.layer}
          strokeDasharray="6 3"
          strokeWidth={1.5 * w}
          dot={false}
          isAnimationActive={false}
        />
        <Line
          dataKey="layerHigh"
          name="All units: 85th percentile"
          legendType="none"
          stroke={INSIDE_COLORS.layer}
          strokeDasharray="6 3"
          strokeWidth={1.5 * w}
          dot={false}
          isAnimationActive={false}
        />
      </ComposedChart>
    </InsideFigure>
  );
}
