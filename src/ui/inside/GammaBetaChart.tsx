import { Bar, BarChart, CartesianGrid, Legend, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { CHART_COLORS } from '../chartColors';
import { formatValue, INSIDE_COLORS, legendOrder } from './insideFormat';
import { InsideFigure } from './insideFigure';

interface GammaBetaChartProps {
  id: string;
  title: string;
  bars: { unit: number; gamma: number; beta: number }[];
  large: boolean;
}

/**
 * Every how many units a unit number is written under the bars: about 8 labels whatever the
 * layer's width. A fixed interval, so recharts need not measure every label in the page to drop
 * overlapping ones (a forced layout per label, which froze the page while training: issue 16).
 */
const labelEvery = (units: number) => Math.max(1, Math.ceil(units / 8));

/** BatchNorm's learned scale (gamma, starts at 1) and shift (beta, starts at 0) of every unit of a layer. */
export function GammaBetaChart({ id, title, bars, large }: GammaBetaChartProps) {
  return (
    <InsideFigure id={id} title={title} points={bars.length} small>
      <BarChart data={bars} margin={{ top: 8, right: 16, bottom: 24, left: 12 }} barGap={0} barCategoryGap="10%">
        <CartesianGrid stroke={CHART_COLORS.grid} strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="unit" interval={labelEvery(bars.length) - 1} label={{ value: 'Unit', position: 'insideBottom', offset: -12 }} />
        <YAxis interval={0} tickFormatter={formatValue} width={large ? 80 : 56} />
        <Tooltip formatter={(v) => formatValue(Number(v))} labelFormatter={(u) => `Unit ${String(u)}`} />
        <Legend verticalAlign="top" wrapperStyle={{ paddingBottom: 8 }} itemSorter={legendOrder(['gamma', 'beta'])} />
        <ReferenceLine y={1} stroke={INSIDE_COLORS.unit} strokeDasharray="4 4" />
        <ReferenceLine y={0} stroke={CHART_COLORS.marker} />
        <Bar dataKey="gamma" name="gamma (scale, starts at 1)" fill={INSIDE_COLORS.unit} isAnimationActive={false} />
        <Bar dataKey="beta" name="beta (shift, starts at 0)" fill={INSIDE_COLORS.layer} isAnimationActive={false} />
      </BarChart>
    </InsideFigure>
  );
}
