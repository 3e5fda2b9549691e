import { CHART_COLORS } from '../chartColors';
import { formatTick } from '../chartLine';
import type { LinearScale } from './plotGeometry';
import type { PlotAxis } from './plotTypes';

/** The plot area in SVG pixels. */
export interface PlotArea {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface PlotAxesProps {
  area: PlotArea;
  sx: LinearScale;
  xTicks: readonly number[];
  xLabel: string;
  left: { axis: PlotAxis; scale: LinearScale };
  right: { axis: PlotAxis; scale: LinearScale } | null;
  /** Vertical grid lines at the x ticks (not for bars: one per unit would be noise). */
  verticalGrid: boolean;
}

const TICK = 6;
const TEXT = { fontSize: 12, fill: '#666' } as const;

/** Grid, axis lines, tick labels and axis titles of a plot, as recharts drew them. */
export function PlotAxes({ area, sx, xTicks, xLabel, left, right, verticalGrid }: PlotAxesProps) {
  const bottom = area.y + area.height;
  const rightEdge = area.x + area.width;
  const middle = area.y + area.height / 2;
  return (
    <g className="plot-axes">
      <g stroke={CHART_COLORS.grid} strokeDasharray="3 3">
        {left.axis.ticks.map((t) => (
          <line key={`h${t}`} x1={area.x} x2={rightEdge} y1={left.scale(t)} y2={left.scale(t)} />
        ))}
        {verticalGrid ? xTicks.map((t) => <line key={`v${t}`} x1={sx(t)} x2={sx(t)} y1={area.y} y2={bottom} />) : null}
      </g>
      <g stroke="#666">
        <line x1={area.x} x2={rightEdge} y1={bottom} y2={bottom} />
        <line x1={area.x} x2={area.x} y1={area.y} y2={bottom} />
        {right ? <line x1={rightEdge} x2={rightEdge} y1={area.y} y2={bottom} /> : null}
      </g>
      {xTicks.map((t) => (
        <text key={`x${t}`} className="plot-text" x={sx(t)} y={bottom + TICK + 12} textAnchor="middle" {...TEXT}>
          {formatTick(t)}
        </text>
      ))}
      <text className="plot-text" x={area.x + area.width / 2} y={bottom + TICK + 30} textAnchor="middle" {...TEXT}>
        {xLabel}
      </text>
      <YTicks axis={left.axis} scale={left.scale} x={area.x - TICK} anchor="end" />
      {left.axis.label ? <AxisTitle label={left.axis.label} x={12} y={middle} angle={-90} /> : null}
      {right ? <YTicks axis={right.axis} scale={right.scale} x={rightEdge + TICK} anchor="start" /> : null}
      {right?.axis.label ? <AxisTitle label={right.axis.label} x={rightEdge + 52} y={middle} angle={90} /> : null}
    </g>
  );
}

function YTicks({ axis, scale, x, anchor }: { axis: PlotAxis; scale: LinearScale; x: number; anchor: 'start' | 'end' }) {
  return axis.ticks.map((t) => (
    <text key={t} className="plot-text" x={x} y={scale(t)} textAnchor={anchor} dominantBaseline="central" {...TEXT}>
      {axis.format(t)}
    </text>
  ));
}

function AxisTitle({ label, x, y, angle }: { label: string; x: number; y: number; angle: number }) {
  return (
    <text className="plot-text" x={x} y={y} textAnchor="middle" transform={`rotate(${angle} ${x} ${y})`} {...TEXT}>
      {label}
    </text>
  );
}
