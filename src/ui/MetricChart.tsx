import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { LearningRateMark } from '../store/runSlice';
import type { ChartPoint } from '../store/thin';
import { CHART_COLORS } from './chartColors';
import { formatLearningRate } from './format';

export interface EpochValue {
  step: number;
  value: number;
}

interface MetricChartProps {
  id: string;
  title: string;
  yLabel: string;
  points: ChartPoint[];
  validation: EpochValue[];
  marks: LearningRateMark[];
  totalSteps: number;
  yDomain: [number | 'auto', number | 'auto'];
}

const formatTick = (v: number) => (Math.abs(v) >= 1000 ? `${Number((v / 1000).toPrecision(3))}k` : String(Number(v.toPrecision(3))));

/** One metric over training steps: raw per-step values, their smoothed curve, and the validation value per epoch. */
export function MetricChart({ id, title, yLabel, points, validation, marks, totalSteps, yDomain }: MetricChartProps) {
  return (
    <figure className="chart" aria-labelledby={`${id}-title`} data-points={points.length} data-validation-points={validation.length}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      {points.length === 0 ? <p className="field-hint">No training yet: press Train and the curves grow here.</p> : null}
      <ResponsiveContainer width="100%" height={320}>
        <LineChart margin={{ top: 8, right: 24, bottom: 24, left: 12 }}>
          <CartesianGrid stroke={CHART_COLORS.grid} strokeDasharray="3 3" />
          <XAxis
            dataKey="step"
            type="number"
            domain={[0, Math.max(totalSteps, 1)]}
            allowDataOverflow
            allowDecimals={false}
            tickFormatter={formatTick}
            label={{ value: 'Training step', position: 'insideBottom', offset: -12 }}
          />
          <YAxis domain={yDomain} tickFormatter={formatTick} width={56} label={{ value: yLabel, angle: -90, position: 'insideLeft' }} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(4) : String(v))} labelFormatter={(s) => `Step ${String(s)}`} />
          <Legend verticalAlign="top" wrapperStyle={{ paddingBottom: 8 }} />
          <Line data={points} dataKey="raw" name="Training (per step)" stroke={CHART_COLORS.raw} strokeWidth={1} dot={false} isAnimationActive={false} />
          <Line data={points} dataKey="smooth" name="Training (smoothed)" stroke={CHART_COLORS.smooth} strokeWidth={2.5} dot={false} isAnimationActive={false} />
          <Line
            data={validation}
            dataKey="value"
            name="Validation (per epoch)"
            stroke={CHART_COLORS.validation}
            strokeWidth={2.5}
            strokeDasharray="6 3"
            dot={{ r: 4, fill: CHART_COLORS.validation }}
            isAnimationActive={false}
          />
          {marks.map((m) => (
            <ReferenceLine
              key={`${m.step}-${m.learningRate}`}
              x={m.step}
              stroke={CHART_COLORS.marker}
              strokeDasharray="4 4"
              label={{ value: `lr ${formatLearningRate(m.learningRate)}`, position: 'insideTopRight', fontSize: 12 }}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
