import { Legend, Line, LineChart, Tooltip, YAxis } from 'recharts';
import { formatValue, INSIDE_COLORS, legendOrder } from './insideFormat';
import { InsideFigure, stepAxes } from './insideFigure';
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

/** One BatchNorm statistic of one unit over training: the probe batch's own (dots) against the moving average (line). */
export function BatchStatsChart({ id, title, points, stat, large, showInference = false }: BatchStatsChartProps) {
  const w = large ? 1.6 : 1;
  const [batchKey, movingKey, inferKey] = stat === 'mean' ? ['batchMean', 'movingMean', 'inferMean'] : ['batchVariance', 'movingVariance', 'inferVariance'];
  return (
    <InsideFigure id={id} title={title} points={points.length} small>
      <LineChart data={points} margin={{ top: 8, right: 16, bottom: 24, left: 12 }}>
        {stepAxes()}
        <YAxis domain={stat === 'variance' ? [0, 'auto'] : ['auto', 'auto']} interval={0} tickFormatter={formatValue} width={large ? 80 : 56} />
        <Tooltip formatter={(v) => formatValue(Number(v))} labelFormatter={(s) => `Step ${String(s)}`} />
        <Legend verticalAlign="top" wrapperStyle={{ paddingBottom: 8 }} itemSorter={legendOrder([batchKey, movingKey, inferKey])} />
        <Line
          dataKey={batchKey}
          name={`Batch ${stat} (training mode)`}
          stroke={INSIDE_COLORS.unit}
          strokeWidth={1 * w}
          strokeDasharray="2 4"
          dot={{ r: 3 * w, fill: INSIDE_COLORS.unit, strokeWidth: 0 }}
          isAnimationActive={false}
        />
        <Line
          dataKey={movingKey}
          name={`Moving ${stat} (inference mode)`}
          stroke={INSIDE_COLORS.layer}
          strokeWidth={2.5 * w}
          dot={false}
          isAnimationActive={false}
        />
        {showInference ? (
          <Line
            dataKey={inferKey}
            name={`Input ${stat} in inference (dropout off)`}
            stroke={INSIDE_COLORS.other}
            strokeWidth={2 * w}
            strokeDasharray="8 4"
            dot={false}
            isAnimationActive={false}
          />
        ) : null}
      </LineChart>
    </InsideFigure>
  );
}
