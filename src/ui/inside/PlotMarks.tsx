import { bandPath, barsPath, dotsPath, linePath, type LinearScale } from './plotGeometry';
import type { PlotMark, PlotReference } from './plotTypes';

interface PlotMarksProps<R> {
  rows: readonly R[];
  x: (row: R) => number;
  marks: readonly PlotMark<R>[];
  references: readonly PlotReference[];
  sx: LinearScale;
  left: LinearScale;
  right: LinearScale | null;
  area: { x: number; width: number };
  /** Line widths and dot sizes times this (presenter mode). */
  scale: number;
}

/** Share of a bar slot (one x unit) the bars fill together. */
const BAR_FILL = 0.9;

/** Each mark as one path (bands first, then bars, lines, dots), and the reference lines. */
export function PlotMarks<R>({ rows, x, marks, references, sx, left, right, area, scale }: PlotMarksProps<R>) {
  const sy = (onRight: boolean | undefined) => (onRight && right ? right : left);
  const bars = marks.filter((m) => m.kind === 'bars');
  const width = BAR_FILL / Math.max(1, bars.length);
  const drawnBars = bars.map((m, i) => ({
    m,
    d: barsPath(
      rows.map((r) => ({ x: x(r), y: m.y(r) })),
      -BAR_FILL / 2 + width * (i + 0.5),
      width,
      sx,
      left,
    ),
  }));
  return (
    <g className="plot-marks">
      {references.map((r) => (
        <line
          key={`ref${r.y}${r.right ? 'r' : ''}`}
          x1={area.x}
          x2={area.x + area.width}
          y1={sy(r.right)(r.y)}
          y2={sy(r.right)(r.y)}
          stroke={r.color}
          strokeDasharray={r.dash}
        />
      ))}
      {marks.map((m) =>
        m.kind === 'band' ? (
          <path
            key={m.key}
            className="inside-band"
            data-series={m.key}
            d={bandPath(
              rows.map((r) => ({ x: x(r), low: m.low(r), high: m.high(r) })),
              sx,
              left,
            )}
            fill={m.color}
            fillOpacity={0.35}
            stroke={m.color}
            strokeWidth={scale}
          />
        ) : null,
      )}
      <g className="inside-bars" data-bars={drawnBars.reduce((n, b) => n + (b.d.match(/M/g)?.length ?? 0), 0)}>
        {drawnBars.map(({ m, d }) => (
          <path key={m.key} data-series={m.key} d={d} fill={m.color} />
        ))}
      </g>
      {marks.map((m) => {
        if (m.kind !== 'line') return null;
        const points = rows.map((r) => ({ x: x(r), y: m.y(r) }));
        return (
          <g key={m.key}>
            <path
              className="inside-line"
              data-series={m.key}
              d={linePath(points, sx, sy(m.right))}
              fill="none"
              stroke={m.color}
              strokeWidth={(m.width ?? 1.5) * scale}
              strokeDasharray={m.dash}
              strokeLinejoin="round"
            />
            {m.dots ? <path className="inside-dots" data-series={m.key} d={dotsPath(points, 3 * scale, sx, sy(m.right))} fill={m.color} /> : null}
          </g>
        );
      })}
    </g>
  );
}
