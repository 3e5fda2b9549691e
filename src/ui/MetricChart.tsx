import { CartesianGrid, Legend, Line, LineChart, ReferenceDot, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatLearningRate } from '../format';
import { CHART_COLORS } from './chartColors';
import { ChartPngButton } from './ChartPngButton';

/** One run's curve on a chart, already mapped onto the chosen x axis. */
export interface ChartLine {
  id: string;
  name: string;
  color: string;
  dash: string;
  /** Thinned per-step values. */
  points: { x: number; raw: number; smooth: number }[];
  /** Validation value at the end of each epoch. */
  validation: { x: number; value: number }[];
  /** The run blew up: its last point is marked, so a learning-rate ladder shows where each run failed. */
  diverged: boolean;
}

export interface ChartMark {
  x: number;
  learningRate: number;
}

interface MetricChartProps {
  id: string;
  title: string;
  yLabel: string;
  xLabel: string;
  lines: ChartLine[];
  marks: ChartMark[];
  xMax: number;
  integerX: boolean;
  yDomain: [number | 'auto', number | 'auto'];
  /** Thicker lines and room for larger tick labels, for a projector (presenter mode). */
  large?: boolean;
}

/** Lines this much thicker when `large`, to read from the back of a room. */
const LARGE_LINE_SCALE = 1.6;

const formatTick = (v: number) => (Math.abs(v) >= 1000 ? `${Number((v / 1000).toPrecision(3))}k` : String(Number(v.toPrecision(3))));

/**
 * One metric over training. A single run shows its raw per-step values, their smoothed curve and
 * validation per epoch; several runs show each run's smoothed curve and validation points in the
 * run's colour, so the comparison stays readable.
 */
export function MetricChart({ id, title, yLabel, xLabel, lines, marks, xMax, integerX, yDomain, large = false }: MetricChartProps) {
  const lineScale = large ? LARGE_LINE_SCALE : 1;
  const single = lines.length === 1 ? lines[0]! : null;
  const points = lines.reduce((n, l) => n + l.points.length, 0);
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
          <LineChart margin={{ top: 8, right: 24, bottom: 24, left: 12 }}>
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
            <YAxis domain={yDomain} allowDataOverflow tickFormatter={formatTick} width={large ? 88 : 56} label={{ value: yLabel, angle: -90, position: 'insideLeft' }} />
            <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(4) : String(v))} labelFormatter={(x) => `${xLabel} ${formatTick(Number(x))}`} />
            <Legend verticalAlign="top" wrapperStyle={{ paddingBottom: 8 }} />
            {single ? (
              <>
                <Line data={single.points} dataKey="raw" name="Training (per step)" stroke={CHART_COLORS.raw} strokeWidth={1 * lineScale} dot={false} isAnimationActive={false} />
                <Line data={single.points} dataKey="smooth" name="Training (smoothed)" stroke={CHART_COLORS.smooth} strokeWidth={2.5 * lineScale} dot={false} isAnimationActive={false} />
                <Line
                  data={single.validation}
                  dataKey="value"
                  name="Validation (per epoch)"
                  stroke={CHART_COLORS.validation}
                  strokeWidth={2.5 * lineScale}
                  strokeDasharray="6 3"
                  dot={{ r: 4, fill: CHART_COLORS.validation }}
                  isAnimationActive={false}
                />
              </>
            ) : (
              lines.flatMap((l) => [
                <Line
                  key={`${l.id}-smooth`}
                  data={l.points}
                  dataKey="smooth"
                  name={l.name}
                  stroke={l.color}
                  strokeDasharray={l.dash || undefined}
                  strokeWidth={2.5 * lineScale}
                  dot={false}
                  isAnimationActive={false}
                />,
                <Line
                  key={`${l.id}-validation`}
                  data={l.validation}
                  dataKey="value"
                  name={`${l.name} (validation)`}
                  legendType="none"
                  stroke={l.color}
                  strokeOpacity={0.6}
                  strokeWidth={1.5 * lineScale}
                  strokeDasharray="2 4"
                  dot={{ r: 4, fill: l.color, stroke: '#fff', strokeWidth: 1 }}
                  isAnimationActive={false}
                />,
              ])
            )}
            {lines
              .filter((l) => l.diverged && l.points.length > 0)
              .map((l) => {
                const last = l.points[l.points.length - 1]!;
                const top = typeof yDomain[1] === 'number' ? yDomain[1] : Number.POSITIVE_INFINITY;
                return (
                  <ReferenceDot
                    key={`${l.id}-diverged`}
                    x={last.x}
                    y={Math.min(last.smooth, top)}
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
