import { Bar, BarChart, CartesianGrid, Legend, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { CHART_COLORS } from '../chartColors';
import { formatValue, INSIDE_COLORS, legendOrder } from './insideFormat';

interface GammaBetaChartProps {
  id: string;
  title: string;
  bars: { unit: number; gamma: number; beta: number }[];
  /** "Unit" or "Channel", for the axis and tooltip. */
  unitWord?: string;
  large: boolean;
}

/** BatchNorm's learned scale (gamma, starts at 1) and shift (beta, starts at 0) of every unit (or channel) of a layer. */
export function GammaBetaChart({ id, title, bars, unitWord = 'Unit', large }: GammaBetaChartProps) {
  return (
    <figure className="chart inside-chart" id={id} aria-labelledby={`${id}-title`} data-points={bars.length}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      <div className="inside-plot inside-plot-small">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={bars} margin={{ top: 8, right: 16, bottom: 24, left: 12 }} barGap={0} barCategoryGap="10%">
            <CartesianGrid stroke={CHART_COLORS.grid} strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="unit" interval="preserveStartEnd" minTickGap={12} label={{ value: unitWord, position: 'insideBottom', offset: -12 }} />
            <YAxis tickFormatter={formatValue} width={large ? 80 : 56} />
            <Tooltip formatter={(v) => formatValue(Number(v))} labelFormatter={(u) => `${unitWord} ${String(u)}`} />
            <Legend verticalAlign="top" wrapperStyle={{ paddingBottom: 8 }} itemSorter={legendOrder(['gamma', 'beta'])} />
            <ReferenceLine y={1} stroke={INSIDE_COLORS.unit} strokeDasharray="4 4" />
            <ReferenceLine y={0} stroke={CHART_COLORS.marker} />
            <Bar dataKey="gamma" name="gamma (scale, starts at 1)" fill={INSIDE_COLORS.unit} isAnimationActive={false} />
            <Bar dataKey="beta" name="beta (shift, starts at 0)" fill={INSIDE_COLORS.layer} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
