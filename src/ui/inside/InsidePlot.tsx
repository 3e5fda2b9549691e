import { useMemo, useRef } from 'react';
import type { ReadoutRow } from '../chartReadout';
import { ReadoutMark } from '../ReadoutMark';
import { ScrubberRect } from '../ScrubberRect';
import { nearestIndex } from '../seriesGeometry';
import { useBoxSize } from '../useBoxSize';
import { useChartScrubber } from '../useChartScrubber';
import { PlotAxes, type PlotArea } from './PlotAxes';
import { linearScale } from './plotGeometry';
import { PlotLegend } from './PlotLegend';
import { PlotMarks } from './PlotMarks';
import type { PlotAxis, PlotMark, PlotReference } from './plotTypes';

interface InsidePlotProps<R> {
  /** Names the plot's slider for screen readers. */
  title: string;
  /** Sorted by `x`. */
  rows: readonly R[];
  x: (row: R) => number;
  xAxis: { label: string; domain: readonly [number, number]; ticks: readonly number[] };
  left: PlotAxis;
  right?: PlotAxis;
  marks: readonly PlotMark<R>[];
  references?: readonly PlotReference[];
  /** Thicker lines and room for larger tick labels (presenter mode). */
  large: boolean;
}

const NO_REFERENCES: readonly PlotReference[] = [];

/**
 * An Inside BatchNorm chart in plain SVG: axes, grid, legend, its marks as one path each, and
 * the values under the pointer (or, with focus, the arrow keys) as the training charts show them.
 * It fills its box (CSS gives the height). Replaces recharts here, whose mounting and redrawing
 * of these charts was a 30–250 ms main-thread task while a run trained (issue 16); this takes
 * about a millisecond.
 */
export function InsidePlot<R>({ title, rows, x, xAxis, left, right, marks, references = NO_REFERENCES, large }: InsidePlotProps<R>) {
  const box = useRef<HTMLDivElement>(null);
  const { width, height } = useBoxSize(box);
  const yWidth = large ? 80 : 56;
  const area: PlotArea = {
    x: yWidth + 12,
    y: 8,
    width: Math.max(0, width - yWidth - 12 - (right ? (large ? 72 : 52) + 12 : 16)),
    height: Math.max(0, height - 48),
  };
  const sx = linearScale(xAxis.domain, [area.x, area.x + area.width]);
  const scaleOf = (axis: PlotAxis) => linearScale([axis.ticks[0] ?? 0, axis.ticks.at(-1) ?? 1], [area.y + area.height, area.y]);
  const sl = scaleOf(left);
  const sr = right ? scaleOf(right) : null;
  const reference = useMemo(() => ({ points: rows.map((r) => ({ x: x(r) })) }), [rows, x]);
  const scrubber = useChartScrubber(rows.length ? reference : null, (px) => sx.invert(px));
  const { cursor } = scrubber;
  const at = cursor === null ? -1 : nearestIndex(reference.points, cursor);
  const readout = at >= 0 ? { x: reference.points[at]!.x, rows: readoutRows(rows[at]!, marks, left, right) } : null;
  const valueText = readout ? readout.rows.map((r) => `${r.label} ${r.value}`).join('; ') : 'Use the arrow keys to read the values.';
  return (
    <div className="inside-plot-frame">
      <PlotLegend marks={marks} />
      <div ref={box} className="inside-plot-box">
        {area.width > 0 && area.height > 0 ? (
          <svg width={width} height={height} className="inside-plot-svg">
            <PlotAxes
              area={area}
              sx={sx}
              xTicks={xAxis.ticks}
              xLabel={xAxis.label}
              left={{ axis: left, scale: sl }}
              right={right && sr ? { axis: right, scale: sr } : null}
              verticalGrid={!marks.some((m) => m.kind === 'bars')}
            />
            <PlotMarks rows={rows} x={x} marks={marks} references={references} sx={sx} left={sl} right={sr} area={area} scale={large ? 1.6 : 1} />
            {readout ? <ReadoutMark readout={readout} sx={sx} area={area} xLabel={xAxis.label} /> : null}
            <ScrubberRect
              area={area}
              scrubber={scrubber}
              active={rows.length > 0}
              label={`${title}: values along the chart`}
              min={xAxis.domain[0]}
              max={xAxis.domain[1]}
              now={readout?.x ?? xAxis.domain[0]}
              valueText={readout ? `${xAxis.label} ${readout.x}: ${valueText}` : valueText}
            />
          </svg>
        ) : null}
      </div>
    </div>
  );
}

/** The values of `row` as the readout lists them: each named mark, a band as "low to high". */
function readoutRows<R>(row: R, marks: readonly PlotMark<R>[], left: PlotAxis, right: PlotAxis | undefined): ReadoutRow[] {
  return marks.map((m) => {
    const format = m.kind === 'line' && m.right && right ? right.format : left.format;
    const value = m.kind === 'band' ? `${format(m.low(row))} to ${format(m.high(row))}` : format(m.y(row));
    return { label: (m.kind === 'line' && m.readoutName) || m.name, value, color: m.color };
  });
}
