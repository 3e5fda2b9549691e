import { Legend, Line, LineChart, ReferenceLine, Tooltip, YAxis } from 'recharts';
import { formatValue, INSIDE_COLORS, legendOrder, lineDots } from './insideFormat';
import { CHART_COLORS } from '../chartColors';
import { InsideFigure, stepAxes } from './insideFigure';
import type { ModePoint } from './probeViews';

interface ModesChartProps {
  id: string;
  title: string;
  points: ModePoint[];
  large: boolean;
}

const percent = (v: number) => `${formatValue(v * 100)}%`;

/**
 * The same weights scored on the probe batch in training mode and in inference mode over
 * training (left axis), and the gap between them in percentage points (right axis).
 */
export function ModesChart({ id, title, points, large }: ModesChartProps) {
  const w = large ? 1.6 : 1;
  return (
    <InsideFigure id={id} title={title} points={points.length}>
      <LineChart data={points} margin={{ top: 8, right: 12, bottom: 24, left: 12 }}>
        {stepAxes()}
        <YAxis
          yAxisId="accuracy"
          domain={[0, 1]}
          interval={0}
          tickFormatter={percent}
          width={large ? 80 : 56}
          label={{ value: 'Accuracy', angle: -90, position: 'insideLeft', style: { textAnchor: 'middle' } }}
        />
        <YAxis
          yAxisId="gap"
          orientation="right"
          domain={['auto', 'auto']}
          interval={0}
          tickFormatter={(v: number) => formatValue(v * 100)}
          width={large ? 72 : 52}
          label={{ value: 'Gap (points)', angle: 90, position: 'insideRight', style: { textAnchor: 'middle' } }}
        />
        <Tooltip
          formatter={(v, name) => (String(name).startsWith('Gap') ? `${formatValue(Number(v) * 100)} points` : percent(Number(v)))}
          labelFormatter={(s) => `Step ${String(s)}`}
        />
        <Legend verticalAlign="top" wrapperStyle={{ paddingBottom: 8 }} itemSorter={legendOrder(['infer', 'train', 'gap'])} />
        <ReferenceLine yAxisId="gap" y={0} stroke={CHART_COLORS.marker} strokeDasharray="2 2" />
        <Line
          yAxisId="accuracy"
          dataKey="infer"
          name="Inference mode (moving statistics)"
          stroke={INSIDE_COLORS.unit}
          strokeWidth={2.5 * w}
          dot={lineDots(points.length, INSIDE_COLORS.unit)}
          isAnimationActive={false}
        />
        <Line
          yAxisId="accuracy"
          dataKey="train"
          name="Training mode (batch statistics)"
          stroke={INSIDE_COLORS.layer}
          strokeWidth={2.5 * w}
          strokeDasharray="8 4"
          dot={lineDots(points.length, INSIDE_COLORS.layer)}
          isAnimationActive={false}
        />
        <Line
          yAxisId="gap"
          dataKey="gap"
          name="Gap: inference − training"
          stroke={INSIDE_COLORS.other}
          strokeWidth={1.5 * w}
          strokeDasharray="2 3"
          dot={false}
          isAnimationActive={false}
        />
      </LineChart>
    </InsideFigure>
  );
}
