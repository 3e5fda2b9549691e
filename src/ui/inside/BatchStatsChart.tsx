import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { CHART_COLORS } from '../chartColors';
import { formatValue, INSIDE_COLORS, legendOrder } from './insideFormat';
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
    <figure className="chart inside-chart" id={id} aria-labelledby={`${id}-title`} data-points={points.length}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      <div className="inside-plot inside-plot-small">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={points} margin={{ top: 8, right: 16, bottom: 24, left: 12 }}>
            <CartesianGrid stroke={CHART_COLORS.grid} strokeDasharray="3 3" />
            <XAxis
              dataKey="step"
              type="number"
              domain={['dataMin', 'dataMax']}
              allowDecimals={false}
              label={{ value: 'Training step', position: 'insideBottom', offset: -12 }}
            />
            <YAxis domain={stat === 'variance' ? [0, 'auto'] : ['auto', 'auto']} tickFormatter={formatValue} width={large ? 80 : 56} />
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
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
