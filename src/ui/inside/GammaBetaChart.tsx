import { CHART_COLORS } from '../chartColors';
import { formatValue, INSIDE_COLORS } from './insideFormat';
import { InsideFigure, valueTicks } from './insideFigure';
import { InsidePlot } from './InsidePlot';
import type { PlotMark } from './plotTypes';

type Bar = { unit: number; gamma: number; beta: number };

interface GammaBetaChartProps {
  id: string;
  title: string;
  /** `unit` from 1. */
  bars: Bar[];
  /** "Unit" or "Channel", for the axis and readout. */
  unitWord?: string;
  large: boolean;
}

const unit = (b: Bar) => b.unit;
const MARKS: PlotMark<Bar>[] = [
  { kind: 'bars', key: 'gamma', name: 'gamma (scale, starts at 1)', color: INSIDE_COLORS.unit, y: (b) => b.gamma },
  { kind: 'bars', key: 'beta', name: 'beta (shift, starts at 0)', color: INSIDE_COLORS.layer, y: (b) => b.beta },
];
const REFERENCES = [
  { y: 1, color: INSIDE_COLORS.unit, dash: '4 4' },
  { y: 0, color: CHART_COLORS.marker },
];

/** Unit numbers under the bars: about 8 whatever the layer's width (1, 17, 33, … for 128 units). */
export function unitTicks(units: number): number[] {
  const every = Math.max(1, Math.ceil(units / 8));
  return Array.from({ length: Math.ceil(units / every) }, (_, i) => 1 + i * every);
}

/** BatchNorm's learned scale (gamma, starts at 1) and shift (beta, starts at 0) of every unit of a layer, as bars side by side. */
export function GammaBetaChart({ id, title, bars, unitWord = 'Unit', large }: GammaBetaChartProps) {
  // From 0 (where the bars stand) and 1 (where gamma starts) to the values, whichever side they lie.
  const ticks = valueTicks(
    bars.flatMap((b) => [b.gamma, b.beta]),
    [0, 1],
  );
  return (
    <InsideFigure id={id} title={title} points={bars.length} small>
      <InsidePlot
        title={title}
        rows={bars}
        x={unit}
        xAxis={{ label: unitWord, domain: [0.5, bars.length + 0.5], ticks: unitTicks(bars.length) }}
        left={{ ticks, format: formatValue }}
        marks={MARKS}
        references={REFERENCES}
        large={large}
      />
    </InsideFigure>
  );
}
