import { useMemo } from 'react';
import { usePlotArea, useXAxisInverseScale, useXAxisScale, useYAxisScale } from 'recharts';
import { CHART_COLORS } from './chartColors';
import { formatTick, type ChartLine } from './chartLine';
import { longestLine, readoutAt, type Readout } from './chartReadout';
import { ReadoutMark } from './ReadoutMark';
import { ScrubberRect } from './ScrubberRect';
import type { PixelScale } from './seriesGeometry';
import { drawing } from './seriesStrokes';
import { useChartScrubber } from './useChartScrubber';

interface SeriesLayerProps {
  chartId: string;
  title: string;
  xLabel: string;
  xMax: number;
  lines: ChartLine[];
  /** Line width multiplier (presenter mode). */
  lineScale: number;
}

/** Pixels around the plot area where validation dots stay visible (a dot at accuracy 1 sits on the top edge). */
const DOT_ROOM = 6;

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
  const reference = longestLine(lines);
  const scrubber = useChartScrubber(reference, invertX);
  const { cursor } = scrubber;

  const { strokes, dots } = useMemo(() => (sx && sy ? drawing(lines, sx, sy, lineScale) : { strokes: [], dots: [] }), [lines, sx, sy, lineScale]);
  const readout = useMemo(() => (cursor === null ? null : readoutAt(lines, cursor, xMax, CHART_COLORS)), [lines, cursor, xMax]);
  if (!sx || !sy || !area) return null;

  const lineClip = `${chartId}-lines-clip`;
  const dotClip = `${chartId}-dots-clip`;
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
      <ScrubberRect
        area={area}
        scrubber={scrubber}
        active={Boolean(reference)}
        label={`${title}: values along the curves`}
        min={0}
        max={xMax}
        now={readout?.x ?? 0}
        valueText={valueText}
      />
    </g>
  );
}

export function readoutText(readout: Readout, xLabel: string): string {
  return `${xLabel} ${formatTick(readout.x)}: ${readout.rows.map((r) => `${r.label} ${r.value}`).join('; ')}`;
}
