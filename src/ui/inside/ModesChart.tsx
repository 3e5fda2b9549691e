import { CHART_COLORS } from '../chartColors';
import { formatValue, INSIDE_COLORS, showsDots } from './insideFormat';
import { InsideFigure, stepAxis, valueTicks } from './insideFigure';
import { InsidePlot } from './InsidePlot';
import type { PlotMark } from './plotTypes';
import type { ModePoint } from './probeViews';

interface ModesChartProps {
  id: string;
  title: string;
  points: ModePoint[];
  large: boolean;
}

const percent = (v: number) => `${formatValue(v * 100)}%`;
const points100 = (v: number) => formatValue(v * 100);
const step = (p: ModePoint) => p.step;
const ACCURACY_TICKS = [0, 0.25, 0.5, 0.75, 1];
const GAP_ZERO = [{ y: 0, right: true, color: CHART_COLORS.marker, dash: '2 2' }];

/**
 * The same weights scored on the probe batch in training mode and in inference mode over
 * training (left axis), and the gap between them in percentage points (right axis).
 */
export function ModesChart({ id, title, points, large }: ModesChartProps) {
  const dots = showsDots(points.length);
  const marks: PlotMark<ModePoint>[] = [
    { kind: 'line', key: 'infer', name: 'Inference mode (moving statistics)', color: INSIDE_COLORS.unit, y: (p) => p.infer, width: 2.5, dots },
    { kind: 'line', key: 'train', name: 'Training mode (batch statistics)', color: INSIDE_COLORS.layer, y: (p) => p.train, width: 2.5, dash: '8 4', dots },
    { kind: 'line', key: 'gap', name: 'Gap: inference − training', color: INSIDE_COLORS.other, y: (p) => p.gap, width: 1.5, dash: '2 3', right: true },
  ];
  return (
    <InsideFigure id={id} title={title} points={points.length}>
      <InsidePlot
        title={title}
        rows={points}
        x={step}
        xAxis={stepAxis(points)}
        left={{ ticks: ACCURACY_TICKS, format: percent, label: 'Accuracy' }}
        right={{ ticks: valueTicks(points.map((p) => p.gap)), format: points100, label: 'Gap (points)' }}
        marks={marks}
        references={GAP_ZERO}
        large={large}
      />
    </InsideFigure>
  );
}
