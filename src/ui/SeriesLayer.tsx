import { useMemo, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { usePlotArea, useXAxisInverseScale, useXAxisScale, useYAxisScale } from 'recharts';
import { CHART_COLORS, VALIDATION_DASH } from './chartColors';
import { formatTick, type ChartLine } from './chartLine';
import { longestLine, readoutAt, type Readout } from './chartReadout';
import { nearestIndex, pathData, readoutLeft, type PixelScale } from './seriesGeometry';

interface SeriesLayerProps {
  chartId: string;
  title: string;
  xLabel: string;
  xMax: number;
  lines: ChartLine[];
  /** Line width multiplier (presenter mode). */
  lineScale: number;
}

interface Stroke {
  key: string;
  d: string;
  color: string;
  width: number;
  dash?: string | undefined;
  opacity?: number;
}

interface Dot {
  key: string;
  cx: number;
  cy: number;
  color: string;
  ring: boolean;
}

/** Pixels around the plot area where validation dots stay visible (a dot at accuracy 1 sits on the top edge). */
const DOT_ROOM = 6;
const READOUT_FONT = 12;
const READOUT_ROW = 16;
/** Approximate width of a character of the readout, to size its box without measuring text. */
const READOUT_CHAR = 7;
/** Length of the colour swatch before each row: the text itself stays dark, since orange or yellow text is unreadable on white. */
const SWATCH = 14;

/**
 * The curves of a live chart, drawn inside a recharts chart (which draws axes, grid, legend and
 * reference marks) as one SVG path per curve. recharts' own <Line> builds objects and DOM work
 * per point and its label and animation machinery on every update: with a few hundred points per
 * curve that made each delivery of steps a 100-400 ms main-thread task; paths drawn here cost
 * well under a millisecond. Hover, or focus and the arrow keys, show the values at a point.
 */
export function SeriesLayer({ chartId, title, xLabel, xMax, lines, lineScale }: SeriesLayerProps) {
  // recharts' own scale functions, used as they are: the same objects until the axes change, so the curves are not redrawn on hover.
  const sx: PixelScale | undefined = useXAxisScale();
  const sy: PixelScale | undefined = useYAxisScale();
  const invertX = useXAxisInverseScale();
  const area = usePlotArea();
  const [cursor, setCursor] = useState<number | null>(null);
  const [focused, setFocused] = useState(false);

  const { strokes, dots } = useMemo(() => (sx && sy ? drawing(lines, sx, sy, lineScale) : { strokes: [], dots: [] }), [lines, sx, sy, lineScale]);
  const readout = useMemo(() => (cursor === null ? null : readoutAt(lines, cursor, xMax, CHART_COLORS)), [lines, cursor, xMax]);
  if (!sx || !sy || !area) return null;

  const lineClip = `${chartId}-lines-clip`;
  const dotClip = `${chartId}-dots-clip`;
  const reference = longestLine(lines);
  const onPointerMove = (e: PointerEvent<SVGRectElement>) => {
    const svg = e.currentTarget.ownerSVGElement;
    if (!svg || !invertX) return;
    const x = Number(invertX(e.clientX - svg.getBoundingClientRect().left));
    if (Number.isFinite(x)) setCursor(x);
  };
  const onKeyDown = (e: KeyboardEvent<SVGRectElement>) => {
    if (!reference) return;
    const points = reference.points;
    const i = cursor === null ? points.length - 1 : nearestIndex(points, cursor);
    const page = Math.max(1, Math.round(points.length / 10));
    const next = { ArrowLeft: i - 1, ArrowDown: i - 1, ArrowRight: i + 1, ArrowUp: i + 1, PageDown: i - page, PageUp: i + page, Home: 0, End: points.length - 1 }[e.key];
    if (next === undefined) {
      if (e.key === 'Escape') setCursor(null);
      return;
    }
    e.preventDefault();
    setCursor(points[Math.max(0, Math.min(points.length - 1, next))]!.x);
  };
  const valueText = readout ? readoutText(readout, xLabel) : reference ? 'Use the arrow keys to read the values along the curves.' : 'No curves yet.';

  return (
    <g className="series-layer">
      <defs>
        <clipPath id={lineClip}>
          <rect x={area.x} y={area.y} width={area.width} height={area.height} />
        </clipPath>
        <clipPath id={dotClip}>
          <rect x={area.x - DOT_ROOM} y={area.y - DOT_ROOM} width={area.width + 2 * DOT_ROOM} height={area.height + 2 * DOT_ROOM} />
        </clipPath>
      </defs>
      <g clipPath={`url(#${lineClip})`}>
        {strokes.map((s) => (
          <path
            key={s.key}
            className="recharts-curve"
            d={s.d}
            fill="none"
            stroke={s.color}
            strokeWidth={s.width}
            strokeDasharray={s.dash}
            strokeOpacity={s.opacity}
            strokeLinejoin="round"
          />
        ))}
      </g>
      <g clipPath={`url(#${dotClip})`}>
        {dots.map((d) => (
          <circle key={d.key} cx={d.cx} cy={d.cy} r={4 * lineScale} fill={d.color} stroke={d.ring ? '#fff' : 'none'} strokeWidth={1} />
        ))}
      </g>
      {readout ? <ReadoutMark readout={readout} sx={sx} area={area} xLabel={xLabel} /> : null}
      <rect
        className="chart-scrubber"
        x={area.x}
        y={area.y}
        width={area.width}
        height={area.height}
        fill="transparent"
        stroke={focused ? '#1a1a1a' : 'none'}
        strokeDasharray="4 3"
        tabIndex={reference ? 0 : -1}
        role="slider"
        aria-label={`${title}: values along the curves`}
        aria-orientation="horizontal"
        aria-valuemin={0}
        aria-valuemax={xMax}
        aria-valuenow={readout?.x ?? 0}
        aria-valuetext={valueText}
        onPointerMove={onPointerMove}
        onPointerLeave={() => setCursor(null)}
        onKeyDown={onKeyDown}
        onFocus={() => {
          setFocused(true);
          if (reference && cursor === null) setCursor(reference.points[reference.points.length - 1]!.x);
        }}
        onBlur={() => {
          setFocused(false);
          setCursor(null);
        }}
      />
    </g>
  );
}

/** The strokes and validation dots of `lines`: one run in three styles, several runs in their own colours. */
function drawing(lines: ChartLine[], sx: PixelScale, sy: PixelScale, lineScale: number): { strokes: Stroke[]; dots: Dot[] } {
  const strokes: Stroke[] = [];
  const dots: Dot[] = [];
  const single = lines.length === 1;
  for (const l of lines) {
    const validationDash = single ? VALIDATION_DASH : '2 4';
    if (single) strokes.push({ key: `${l.id}-raw`, d: pathData(l.points, (p) => p.raw, sx, sy), color: CHART_COLORS.raw, width: 1 * lineScale });
    strokes.push({
      key: `${l.id}-smooth`,
      d: pathData(l.points, (p) => p.smooth, sx, sy),
      color: single ? CHART_COLORS.smooth : l.color,
      width: 2.5 * lineScale,
      dash: single ? undefined : l.dash || undefined,
    });
    const validationColor = single ? CHART_COLORS.validation : l.color;
    strokes.push({
      key: `${l.id}-validation`,
      d: pathData(l.validation, (p) => p.value, sx, sy),
      color: validationColor,
      width: (single ? 2.5 : 1.5) * lineScale,
      dash: validationDash,
      ...(single ? {} : { opacity: 0.6 }),
    });
    l.validation.forEach((v, i) => {
      const cx = sx(v.x);
      const cy = Number.isFinite(v.value) ? sy(v.value) : undefined;
      if (cx !== undefined && cy !== undefined && Number.isFinite(cx) && Number.isFinite(cy)) dots.push({ key: `${l.id}-v${i}`, cx, cy, color: validationColor, ring: !single });
    });
  }
  return { strokes, dots };
}

export function readoutText(readout: Readout, xLabel: string): string {
  return `${xLabel} ${formatTick(readout.x)}: ${readout.rows.map((r) => `${r.label} ${r.value}`).join('; ')}`;
}

interface ReadoutMarkProps {
  readout: Readout;
  sx: PixelScale;
  area: { x: number; y: number; width: number; height: number };
  xLabel: string;
}

/** A vertical guide at the cursor and a box with the values there, on the side with more room. */
function ReadoutMark({ readout, sx, area, xLabel }: ReadoutMarkProps) {
  const px = sx(readout.x);
  if (px === undefined || !Number.isFinite(px)) return null;
  const header = `${xLabel} ${formatTick(readout.x)}`;
  const texts = [header, ...readout.rows.map((r) => `${r.label}: ${r.value}`)];
  const width = Math.max(...texts.map((t) => t.length)) * READOUT_CHAR + SWATCH + 22;
  const height = texts.length * READOUT_ROW + 8;
  const left = readoutLeft(px, width, area);
  const top = area.y + 4;
  return (
    <g className="chart-readout" pointerEvents="none">
      <line x1={px} x2={px} y1={area.y} y2={area.y + area.height} stroke={CHART_COLORS.marker} strokeWidth={1} />
      <rect x={left} y={top} width={width} height={height} rx={4} fill="#fff" fillOpacity={0.95} stroke={CHART_COLORS.marker} strokeWidth={1} />
      {texts.map((t, i) => {
        const y = top + 4 + (i + 0.5) * READOUT_ROW;
        const row = i > 0 ? readout.rows[i - 1] : undefined;
        return (
          <g key={i}>
            {row ? <line x1={left + 8} x2={left + 8 + SWATCH} y1={y} y2={y} stroke={row.color} strokeWidth={3} /> : null}
            <text x={left + 8 + (row ? SWATCH + 6 : 0)} y={y} dominantBaseline="central" fontSize={READOUT_FONT} fontWeight={row ? 400 : 700} fill="#1a1a1a">
              {t}
            </text>
          </g>
        );
      })}
    </g>
  );
}
